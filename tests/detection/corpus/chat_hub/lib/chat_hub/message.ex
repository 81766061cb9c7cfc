defmodule ChatHub.Message do
  @enforce_keys [:author, :text]
  defstruct [:author, :text, at: nil, edited?: false]

  @type t :: %__MODULE__{author: String.t(), text: String.t(), at: DateTime.t() | nil, edited?: boolean()}

  defguard is_short(text) when is_binary(text) and byte_size(text) <= 280

  def new(author, text) when is_short(text), do: {:ok, %__MODULE__{author: author, text: text, at: DateTime.utc_now()}}
  def new(_author, _text), do: {:error, :too_long}
end
