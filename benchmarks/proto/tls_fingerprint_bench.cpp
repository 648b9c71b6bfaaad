// TLS fingerprints (tls_fingerprint.hpp) of the real 508-byte ClientHello of
// pcapplusplus/tls1_3.pcap frame 3 and its ServerHello: JA3, JA4 and JA4S, each including
// parse_tls_hello.
#include <benchmark/benchmark.h>

#include <wirecraft/proto/tls_fingerprint.hpp>

#include "tls_corpus.hpp"

namespace {
namespace wc = wirecraft;
using wcbench::client_hello;
using wcbench::server_hello;

void BM_tls_client_hello_ja3(benchmark::State& state) {
    const auto& body = client_hello();
    for (auto _ : state) benchmark::DoNotOptimize(wc::ja3(wc::parse_tls_hello<wc::tls_client_hello>(body).value()));
}
void BM_tls_client_hello_ja4(benchmark::State& state) {
    const auto& body = client_hello();
    for (auto _ : state) benchmark::DoNotOptimize(wc::ja4(wc::parse_tls_hello<wc::tls_client_hello>(body).value()));
}
void BM_tls_server_hello_ja4s(benchmark::State& state) {
    const auto& body = server_hello();
    for (auto _ : state) benchmark::DoNotOptimize(wc::ja4s(wc::parse_tls_hello<wc::tls_server_hello>(body).value()));
}

BENCHMARK(BM_tls_client_hello_ja3);
BENCHMARK(BM_tls_client_hello_ja4);
BENCHMARK(BM_tls_server_hello_ja4s);

}  // namespace
