defmodule ChatHub.Application do
  @moduledoc false
  use Application

  @impl true
  def start(_type, _args) do
    children = [
      {Phoenix.PubSub, name: ChatHub.PubSub},
      {Registry, keys: :unique, name: ChatHub.RoomRegistry},
      {DynamicSupervisor, name: ChatHub.RoomSupervisor, strategy: :one_for_one},
      ChatHubWeb.Endpoint
    ]

    Supervisor.start_link(children, strategy: :one_for_one, name: ChatHub.Supervisor)
  end
end
