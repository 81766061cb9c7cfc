package com.example.billing.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** An issued invoice; immutable once created. */
public record Invoice(String number, String customerId, LocalDate issued, List<LineItem> lines) {

    public Invoice {
        Objects.requireNonNull(number, "number");
        lines = List.copyOf(lines);
    }

    public BigDecimal total() {
        return lines.stream().map(LineItem::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public record LineItem(String description, int quantity, BigDecimal unitPrice) {
        public BigDecimal amount() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }
}
