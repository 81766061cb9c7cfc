alias ChatHub.{Rooms, Room, Message}
import Ecto.Query, warn: false

IO.puts("chat_hub console: Rooms, Room and Message are aliased")
