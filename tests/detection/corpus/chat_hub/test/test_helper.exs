ExUnit.start(exclude: [:integration])
Application.ensure_all_started(:chat_hub)
