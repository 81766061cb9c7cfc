package com.example.billing.invoice;

import java.util.List;
import java.util.Optional;

public interface InvoiceRepository {
    List<Invoice> findAll();

    Optional<Invoice> findByNumber(String number);

    void save(Invoice invoice);
}
