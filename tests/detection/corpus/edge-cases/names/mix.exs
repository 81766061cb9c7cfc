defmodule Names.MixProject do
  use Mix.Project

  def project do
    [app: :names, version: "0.1.0", elixir: "~> 1.16", deps: []]
  end
end
