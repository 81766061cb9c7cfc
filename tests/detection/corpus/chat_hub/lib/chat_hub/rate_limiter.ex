defmodule ChatHub.RateLimiter do
  @moduledoc """
  Token bucket per user, kept in ETS so that checks never block on a process.
  """

  @table :chat_hub_rate_limits
  @capacity 10
  @refill_ms 1_000

  def init do
    :ets.new(@table, [:named_table, :public, write_concurrency: true])
  end

  @spec allow?(String.t()) :: boolean()
  def allow?(user, now \\ System.monotonic_time(:millisecond)) do
    {tokens, last} =
      case :ets.lookup(@table, user) do
        [{^user, tokens, last}] -> {tokens, last}
        [] -> {@capacity, now}
      end

    refilled = min(@capacity, tokens + div(now - last, @refill_ms))

    if refilled > 0 do
      :ets.insert(@table, {user, refilled - 1, now})
      true
    else
      false
    end
  end
end
