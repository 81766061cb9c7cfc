import std/[strutils, sequtils]

proc shout(words: seq[string]): string =
  words.mapIt(it.toUpperAscii).join(" ")

when isMainModule:
  echo shout(@["hello", "nim"])
