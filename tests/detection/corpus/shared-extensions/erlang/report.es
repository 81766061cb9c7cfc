#!/usr/bin/env escript
%% -*- erlang -*-
%%! -smp enable
main([File]) ->
    {ok, Bin} = file:read_file(File),
    io:format("~p bytes~n", [byte_size(Bin)]);
main(_) ->
    io:format("usage: report FILE~n").
