package com.example.billing.payment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

public class GatewayClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;

    public GatewayClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Retry(attempts = 5)
    public PaymentResult charge(String customerId, long cents) throws Exception {
        var body = "{\"customer\":\"%s\",\"amount\":%d}".formatted(customerId, cents);
        var request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200
                ? new PaymentResult.Approved(response.headers().firstValue("X-Transaction").orElse("?"))
                : new PaymentResult.Declined(response.body(), response.statusCode() >= 500);
    }
}
