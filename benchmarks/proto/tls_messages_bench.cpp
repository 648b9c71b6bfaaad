// TLS handshake messages after the hellos: a Certificate chain of three 1.5 KB certificates read
// as views (nothing copied) and an ECDHE ServerKeyExchange with its signature, each through
// parse_tls_message with the session's facts; beside a
// hand-written walk of the certificate chain making the same length checks.
#include <benchmark/benchmark.h>

#include <vector>

#include <wirecraft/proto/tls_messages.hpp>

namespace {
namespace wc = wirecraft;

const std::vector<std::byte>& certificate_chain() {
    static const auto bytes = [] {
        wc::tls_certificate chain;
        for (int i = 0; i < 3; ++i) chain.certificates.push_back(std::vector<std::byte>(1500, std::byte{0x30}));
        return wc::to_bytes(chain).value();
    }();
    return bytes;
}
const std::vector<std::byte>& server_key_exchange() {
    static const auto bytes =
        wc::to_bytes(wc::tls_server_key_exchange_ecdhe{{3, 0x001d, std::vector<std::byte>(32, std::byte{1})}, {0x0804, std::vector<std::byte>(256, std::byte{2})}})
            .value();
    return bytes;
}
constexpr wc::tls_session_facts tls12_ecdhe{wc::tls_version::tls_1_2, 0xc02f};

void BM_tls_certificate_chain_wirecraft(benchmark::State& state) {
    const auto& body = certificate_chain();
    for (auto _ : state) {
        const auto message = wc::parse_tls_message(wc::tls_handshake_type::certificate, body, tls12_ecdhe).value();
        std::size_t sum = 0;
        for (auto der : std::get<wc::view<wc::tls_certificate>>(message).get<"certificates">()) sum += der.size();
        benchmark::DoNotOptimize(sum);
    }
}

// The same checks by hand: the list within the body, each certificate (1 byte or more) within the list.
std::size_t handwritten_chain(std::span<const std::byte> b) {
    auto u24 = [&](std::size_t i) { return std::to_integer<std::size_t>(b[i]) << 16 | std::to_integer<std::size_t>(b[i + 1]) << 8 | std::to_integer<std::size_t>(b[i + 2]); };
    if (b.size() < 3 || u24(0) != b.size() - 3) return 0;
    std::size_t sum = 0;
    for (std::size_t at = 3; at < b.size();) {
        if (b.size() - at < 3) return 0;
        const std::size_t n = u24(at);
        if (n == 0 || b.size() - at - 3 < n) return 0;
        sum += n;
        at += 3 + n;
    }
    return sum;
}
void BM_tls_certificate_chain_handwritten(benchmark::State& state) {
    const auto& body = certificate_chain();
    for (auto _ : state) benchmark::DoNotOptimize(handwritten_chain(body));
}

void BM_tls_server_key_exchange_wirecraft(benchmark::State& state) {
    const auto& body = server_key_exchange();
    for (auto _ : state) {
        const auto message = wc::parse_tls_message(wc::tls_handshake_type::server_key_exchange, body, tls12_ecdhe).value();
        const auto& exchange = std::get<wc::view<wc::tls_server_key_exchange_ecdhe>>(message);
        benchmark::DoNotOptimize(exchange.get<"parameters">().get<"public_key">());
        benchmark::DoNotOptimize(exchange.get<"signature">().get<"signature">());
    }
}

BENCHMARK(BM_tls_certificate_chain_wirecraft);
BENCHMARK(BM_tls_certificate_chain_handwritten);
BENCHMARK(BM_tls_server_key_exchange_wirecraft);

}  // namespace
