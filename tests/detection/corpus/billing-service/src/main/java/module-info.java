module com.example.billing {
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.web;
    requires spring.context;

    exports com.example.billing.invoice;
    opens com.example.billing.invoice to spring.core;
}
