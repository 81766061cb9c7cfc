class Post < ApplicationRecord
  belongs_to :author, class_name: "User"
  has_many :comments, dependent: :destroy

  validates :title, presence: true, length: { maximum: 120 }
  scope :published, -> { where.not(published_at: nil).order(published_at: :desc) }

  def publish!
    update!(published_at: Time.current)
  end

  def excerpt(words = 30)
    body.split.first(words).join(" ")
  end
end
