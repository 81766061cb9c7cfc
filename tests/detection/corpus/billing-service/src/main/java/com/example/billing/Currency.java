package com.example.billing;

public enum Currency {
    EUR("€", 2),
    USD("$", 2),
    JPY("¥", 0);

    private final String symbol;
    private final int fractionDigits;

    Currency(String symbol, int fractionDigits) {
        this.symbol = symbol;
        this.fractionDigits = fractionDigits;
    }

    public String symbol() {
        return symbol;
    }

    public int fractionDigits() {
        return fractionDigits;
    }
}
