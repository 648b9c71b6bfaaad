// TLS hellos: a full walk of a real 512-byte ClientHello with 14 extensions (pcapplusplus/tls1_3.pcap
// frame 3: every extension visited, and SNI, ALPN, supported_versions, key_share, groups and
// signature algorithms decoded), SNI alone, a ServerHello, and crafting a ClientHello; beside a
// hand-written walk making the same length checks.
#include <benchmark/benchmark.h>

#include <string_view>
#include <vector>

#include <wirecraft/proto/tls.hpp>
#include <wirecraft/proto/tls_hello.hpp>
#include <wirecraft/wirecraft.hpp>

#include "tls_corpus.hpp"


namespace {
namespace wc = wirecraft;
using wcbench::client_hello;
using wcbench::server_hello;
using ext = wc::tls_extension_type;

void BM_tls_client_hello_full_walk_wirecraft(benchmark::State& state) {
    const auto& body = client_hello();
    for (auto _ : state) {
        auto hello = wc::parse_tls_hello<wc::tls_client_hello>(body).value();
        std::size_t sum = hello.get<"cipher_suites">().count();
        const auto extensions = hello.get<"extensions">();
        for (auto e : *extensions) sum += static_cast<std::size_t>(e.kind);
        if (auto sni = wc::tls_server_name_of(hello)) sum += sni->size();
        for (auto p : (**wc::extension_body<ext::application_layer_protocol_negotiation>(hello)).get<"protocols">()) sum += p.size();
        for (auto v : (**wc::extension_body<ext::supported_versions>(hello)).get<"versions">()) sum += v;
        for (auto s : (**wc::extension_body<ext::key_share>(hello)).get<"shares">()) sum += s.get<"key_exchange">().size();
        for (auto g : (**wc::extension_body<ext::supported_groups>(hello)).get<"values">()) sum += g;
        for (auto a : (**wc::extension_body<ext::signature_algorithms>(hello)).get<"values">()) sum += a;
        benchmark::DoNotOptimize(sum);
    }
}

void BM_tls_client_hello_sni_wirecraft(benchmark::State& state) {
    const auto& body = client_hello();
    for (auto _ : state) {
        auto hello = wc::parse_tls_hello<wc::tls_client_hello>(body).value();
        benchmark::DoNotOptimize(wc::tls_server_name_of(hello));
    }
}

void BM_tls_server_hello_wirecraft(benchmark::State& state) {
    const auto& body = server_hello();
    for (auto _ : state) {
        auto hello = wc::parse_tls_hello<wc::tls_server_hello>(body).value();
        benchmark::DoNotOptimize(wc::negotiated_version(hello).value());
        benchmark::DoNotOptimize(hello.get<"cipher_suite">());
    }
}

void BM_tls_client_hello_craft_wirecraft(benchmark::State& state) {
    const auto sni = wc::to_bytes(wc::tls_server_name_list{.names = {{.name = {std::byte{'a'}, std::byte{'.'}, std::byte{'t'}}}}}).value();
    const wc::tls_client_hello hello{.cipher_suites = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f},
                                     .extensions = std::vector<wc::tls_extension>{{ext::server_name, sni}}};
    std::array<std::byte, 512> out{};
    for (auto _ : state) {
        auto n = wc::serialize(hello, std::span<std::byte>(out));
        benchmark::DoNotOptimize(n);
        benchmark::DoNotOptimize(out);
    }
}

// The hand-written walk: the same length checks (every vector within its enclosing one, every
// extension within the block), SNI found on the way.
std::size_t handwritten_walk(std::span<const std::byte> b) {
    auto u8 = [&](std::size_t i) { return std::to_integer<std::size_t>(b[i]); };
    auto u16 = [&](std::size_t i) { return u8(i) << 8 | u8(i + 1); };
    std::size_t at = 2 + 32;
    if (b.size() < at + 1) return 0;
    at += 1 + u8(at);
    if (b.size() < at + 2) return 0;
    const std::size_t suites = u16(at);
    if (suites % 2 || b.size() < at + 2 + suites) return 0;
    at += 2 + suites;
    if (b.size() < at + 1) return 0;
    at += 1 + u8(at);
    if (b.size() < at + 2) return 0;
    const std::size_t end = at + 2 + u16(at);
    if (end != b.size()) return 0;
    std::size_t sum = suites / 2;
    for (at += 2; at < end;) {
        if (end - at < 4) return 0;
        const std::size_t type = u16(at), length = u16(at + 2);
        if (end - at - 4 < length) return 0;
        sum += type;
        if (type == 0 && length >= 5) sum += u16(at + 7);  // the first host name's length
        at += 4 + length;
    }
    return sum;
}

void BM_tls_client_hello_full_walk_handwritten(benchmark::State& state) {
    const auto& body = client_hello();
    for (auto _ : state) benchmark::DoNotOptimize(handwritten_walk(body));
}

BENCHMARK(BM_tls_client_hello_full_walk_wirecraft);
BENCHMARK(BM_tls_client_hello_full_walk_handwritten);
BENCHMARK(BM_tls_client_hello_sni_wirecraft);
BENCHMARK(BM_tls_server_hello_wirecraft);
BENCHMARK(BM_tls_client_hello_craft_wirecraft);

}  // namespace
