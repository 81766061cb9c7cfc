defmodule ChatHubWeb.RoomLive do
  use ChatHubWeb, :live_view

  alias ChatHub.Room

  def mount(%{"name" => name}, _session, socket) do
    if connected?(socket), do: Phoenix.PubSub.subscribe(ChatHub.PubSub, "room:" <> name)
    {:ok, assign(socket, name: name, messages: Room.history(name))}
  end

  def handle_event("send", %{"text" => text}, socket) do
    Room.post(socket.assigns.name, socket.assigns.current_user, text)
    {:noreply, socket}
  end

  def handle_info({:message, message}, socket) do
    {:noreply, update(socket, :messages, &(&1 ++ [message]))}
  end
end
