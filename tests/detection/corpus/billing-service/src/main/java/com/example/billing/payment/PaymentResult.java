package com.example.billing.payment;

public sealed interface PaymentResult permits PaymentResult.Approved, PaymentResult.Declined {

    record Approved(String transactionId) implements PaymentResult {}

    record Declined(String reason, boolean retryable) implements PaymentResult {}

    static String describe(PaymentResult result) {
        return switch (result) {
            case Approved a -> "approved " + a.transactionId();
            case Declined d when d.retryable() -> "declined, retry later: " + d.reason();
            case Declined d -> "declined: " + d.reason();
        };
    }
}
