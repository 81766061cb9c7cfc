namespace :cleanup do
  desc "Remove drafts untouched for 90 days"
  task drafts: :environment do
    count = Post.where(published_at: nil).where("updated_at < ?", 90.days.ago).delete_all
    puts "removed #{count} drafts"
  end
end
