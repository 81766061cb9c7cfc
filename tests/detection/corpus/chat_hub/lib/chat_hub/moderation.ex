defprotocol ChatHub.Moderation do
  @doc "Returns :ok or {:reject, reason}."
  def check(content)
end

defimpl ChatHub.Moderation, for: BitString do
  @banned ~w(spam scam)

  def check(text) do
    if Enum.any?(@banned, &String.contains?(String.downcase(text), &1)),
      do: {:reject, :banned_word},
      else: :ok
  end
end
