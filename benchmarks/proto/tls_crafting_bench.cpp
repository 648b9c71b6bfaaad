// Crafting a ClientHello from settings (tls_crafting.hpp): build() with a server name, ALPN and
// an X25519 share, then serialized into a caller's buffer; beside serializing an already built
// hello (what build() adds is the settings turned into extension bodies).
#include <benchmark/benchmark.h>

#include <array>

#include <wirecraft/proto/tls_crafting.hpp>

namespace {
namespace wc = wirecraft;

void BM_tls_client_hello_settings_build(benchmark::State& state) {
    const wc::tls_client_hello_settings settings{.server_name = "example.test", .alpn = {"h2", "http/1.1"}, .seed = 1};
    std::array<std::byte, 1024> out{};
    for (auto _ : state) {
        const auto hello = settings.build();
        benchmark::DoNotOptimize(wc::serialize(*hello, std::span<std::byte>(out)));
    }
}
void BM_tls_client_hello_settings_serialize_only(benchmark::State& state) {
    const auto hello = wc::tls_client_hello_settings{.server_name = "example.test", .alpn = {"h2", "http/1.1"}, .seed = 1}.build().value();
    std::array<std::byte, 1024> out{};
    for (auto _ : state) benchmark::DoNotOptimize(wc::serialize(hello, std::span<std::byte>(out)));
}

BENCHMARK(BM_tls_client_hello_settings_build);
BENCHMARK(BM_tls_client_hello_settings_serialize_only);

}  // namespace
