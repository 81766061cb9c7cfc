-- String helpers for the report tool
include std/sequence.e
include std/text.e

public function shout(sequence s)
    return upper(s) & "!"
end function

procedure main()
    puts(1, shout("hello") & "\n")
end procedure

main()
