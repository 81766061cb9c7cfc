/**
 * Invoices: the immutable {@link com.example.billing.invoice.Invoice} record, its repository and
 * the REST endpoints that expose it.
 */
@NonNullApi
package com.example.billing.invoice;

import org.springframework.lang.NonNullApi;
