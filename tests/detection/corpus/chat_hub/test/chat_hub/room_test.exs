defmodule ChatHub.RoomTest do
  use ExUnit.Case, async: true

  alias ChatHub.Room

  setup do
    name = "room-#{System.unique_integer([:positive])}"
    start_supervised!({Room, name})
    %{name: name}
  end

  test "keeps posted messages in order", %{name: name} do
    Room.post(name, "ada", "hello")
    Room.post(name, "bob", "hi")
    assert [%{text: "hello"}, %{text: "hi"}] = Room.history(name)
  end
end
