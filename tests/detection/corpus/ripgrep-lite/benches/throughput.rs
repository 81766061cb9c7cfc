use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rgl::config::Config;

fn parse_config(c: &mut Criterion) {
    let text = "ignore_case = true\ncolor.match = red\n".repeat(100);
    c.bench_function("parse config", |b| b.iter(|| Config::parse(black_box(&text))));
}

criterion_group!(benches, parse_config);
criterion_main!(benches);
