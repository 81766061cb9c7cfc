require "rails_helper"

RSpec.describe Post, type: :model do
  it "builds an excerpt of the first words" do
    post = Post.new(title: "t", body: "one two three four")
    expect(post.excerpt(2)).to eq("one two")
  end
end
