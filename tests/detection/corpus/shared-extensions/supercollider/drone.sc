(
SynthDef(\drone, { |freq = 110, amp = 0.2|
    var sig = Saw.ar(freq * [1, 1.01]) * amp;
    Out.ar(0, LPF.ar(sig, freq * 4));
}).add;
)

~drone = Synth(\drone, [\freq, 55]);
~drone.set(\amp, 0.1);
