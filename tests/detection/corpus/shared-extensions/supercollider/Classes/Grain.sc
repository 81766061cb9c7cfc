Grain : Object {
    var <>rate, <>size;

    *new { |rate = 1, size = 0.1|
        ^super.new.init(rate, size)
    }

    init { |argRate, argSize|
        rate = argRate;
        size = argSize;
    }
}
