package com.example.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class InvoiceTest {
    @Test
    void totalSumsAllLines() {
        var invoice = new Invoice("INV-1", "c-9", LocalDate.of(2024, 1, 31), List.of(
                new Invoice.LineItem("hosting", 2, new BigDecimal("10.50")),
                new Invoice.LineItem("support", 1, new BigDecimal("99.00"))));
        assertThat(invoice.total()).isEqualByComparingTo("120.00");
    }
}
