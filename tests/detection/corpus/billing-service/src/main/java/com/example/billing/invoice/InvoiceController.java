package com.example.billing.invoice;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/invoices")
class InvoiceController {

    private final InvoiceRepository repository;

    InvoiceController(InvoiceRepository repository) {
        this.repository = repository;
    }

    @GetMapping
    List<Invoice> all() {
        return repository.findAll();
    }

    @GetMapping("/{number}")
    ResponseEntity<Invoice> one(@PathVariable String number) {
        return repository.findByNumber(number).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }
}
