defmodule ChatHub.Room do
  @moduledoc "One chat room: keeps the last messages and broadcasts new ones."
  use GenServer

  @history 50

  def start_link(name), do: GenServer.start_link(__MODULE__, name, name: via(name))

  def post(room, author, text), do: GenServer.cast(via(room), {:post, author, text})

  def history(room), do: GenServer.call(via(room), :history)

  defp via(name), do: {:via, Registry, {ChatHub.RoomRegistry, name}}

  @impl true
  def init(name), do: {:ok, %{name: name, messages: []}}

  @impl true
  def handle_cast({:post, author, text}, state) do
    message = %{author: author, text: text, at: DateTime.utc_now()}
    Phoenix.PubSub.broadcast(ChatHub.PubSub, "room:" <> state.name, {:message, message})
    {:noreply, %{state | messages: Enum.take([message | state.messages], @history)}}
  end

  @impl true
  def handle_call(:history, _from, state), do: {:reply, Enum.reverse(state.messages), state}
end
