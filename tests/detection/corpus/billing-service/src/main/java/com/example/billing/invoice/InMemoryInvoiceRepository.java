package com.example.billing.invoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Repository;

@Repository
class InMemoryInvoiceRepository implements InvoiceRepository {
    private final Map<String, Invoice> invoices = new ConcurrentHashMap<>();

    @Override
    public List<Invoice> findAll() {
        return new ArrayList<>(invoices.values());
    }

    @Override
    public Optional<Invoice> findByNumber(String number) {
        return Optional.ofNullable(invoices.get(number));
    }

    @Override
    public void save(Invoice invoice) {
        invoices.put(invoice.number(), invoice);
    }
}
