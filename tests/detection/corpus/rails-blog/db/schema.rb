ActiveRecord::Schema[7.1].define(version: 2024_01_15_101500) do
  enable_extension "plpgsql"

  create_table "posts", force: :cascade do |t|
    t.string "title", null: false
    t.text "body"
    t.bigint "author_id", null: false
    t.datetime "published_at"
    t.timestamps
  end
end
