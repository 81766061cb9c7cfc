import Config

config :chat_hub, ChatHubWeb.Endpoint,
  http: [ip: {127, 0, 0, 1}, port: 4000],
  check_origin: false,
  code_reloader: true,
  debug_errors: true

config :logger, level: :debug
config :phoenix, :plug_init_mode, :runtime
