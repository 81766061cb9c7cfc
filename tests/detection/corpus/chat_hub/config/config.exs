import Config

config :chat_hub, ChatHubWeb.Endpoint,
  url: [host: "localhost"],
  render_errors: [formats: [html: ChatHubWeb.ErrorHTML], layout: false],
  pubsub_server: ChatHub.PubSub

config :logger, :console, format: "$time $metadata[$level] $message\n"

import_config "#{config_env()}.exs"
