-module(counter).
-behaviour(gen_server).

-export([start_link/0, increment/0, value/0]).
-export([init/1, handle_call/3, handle_cast/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, 0, []).
increment() -> gen_server:cast(?MODULE, increment).
value() -> gen_server:call(?MODULE, value).

init(Count) -> {ok, Count}.
handle_call(value, _From, Count) -> {reply, Count, Count}.
handle_cast(increment, Count) -> {noreply, Count + 1}.
