// TLS hellos: a full walk of a real 512-byte ClientHello with 14 extensions (pcapplusplus/tls1_3.pcap
// frame 3: every extension visited, and SNI, ALPN, supported_versions, key_share, groups and
// signature algorithms decoded), SNI alone, a ServerHello, and crafting a ClientHello; beside a
// hand-written walk making the same length checks.
#include <benchmark/benchmark.h>

#include <array>
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

// SNI and the five other decoded bodies, summed. Inlined into each walk (as a call, it moved the
// walk by several ns either way with what g++ then kept in registers).
[[gnu::always_inline]] inline std::size_t read_bodies(const wc::view<wc::tls_client_hello>& hello) {
    std::size_t sum = 0;
    if (auto sni = wc::tls_server_name_of(hello)) sum += sni->size();
    for (auto p : (**wc::extension_body<ext::application_layer_protocol_negotiation>(hello)).get<"protocols">()) sum += p.size();
    for (auto v : (**wc::extension_body<ext::supported_versions>(hello)).get<"versions">()) sum += v;
    for (auto s : (**wc::extension_body<ext::key_share>(hello)).get<"shares">()) sum += s.get<"key_exchange">().size();
    for (auto g : (**wc::extension_body<ext::supported_groups>(hello)).get<"values">()) sum += g;
    for (auto a : (**wc::extension_body<ext::signature_algorithms>(hello)).get<"values">()) sum += a;
    return sum;
}

// The walk as most code is written: the view copied out of the result (`.value()`), the
// extensions through get<"extensions">(), whose list view carries its own copy of the index.
// Each copy reads back, with wide loads, what the parse has just written with narrow stores, and
// waits for those stores to complete (a failed store-to-load forward).
void BM_tls_client_hello_full_walk_wirecraft(benchmark::State& state) {
    const auto& body = client_hello();
    for (auto _ : state) {
        auto hello = wc::parse_tls_hello<wc::tls_client_hello>(body).value();
        std::size_t sum = hello.get<"cipher_suites">().count();
        const auto extensions = hello.get<"extensions">();
        for (auto e : *extensions) sum += static_cast<std::size_t>(e.kind);
        sum += read_bodies(hello);
        benchmark::DoNotOptimize(sum);
    }
}

// The same walk without the copies: the view read where the parse built it (`*parsed`), the
// extensions through the index the parse kept (extensions_of).
void full_walk_in_place(benchmark::State& state, const std::vector<std::byte>& body) {
    for (auto _ : state) {
        const auto parsed = wc::parse_tls_hello<wc::tls_client_hello>(body);
        if (!parsed) { state.SkipWithError(to_string(parsed.error()).c_str()); break; }
        const auto& hello = *parsed;
        std::size_t sum = hello.get<"cipher_suites">().count();
        for (auto e : wc::extensions_of(hello)) sum += static_cast<std::size_t>(e.kind);
        sum += read_bodies(hello);
        benchmark::DoNotOptimize(sum);
    }
}
std::size_t handwritten_full_walk(std::span<const std::byte> b);  // below
void full_walk_handwritten_typed(benchmark::State& state, const std::vector<std::byte>& body) {
    if (handwritten_full_walk(body) == 0) return state.SkipWithError("hand-written walk refused the hello");
    for (auto _ : state) benchmark::DoNotOptimize(handwritten_full_walk(body));
}

void BM_tls_client_hello_full_walk_wirecraft_in_place(benchmark::State& state) { full_walk_in_place(state, client_hello()); }
// The in-place walk and the hand-written one on a browser's hello with 19 extensions
// (tls13-ech.pcap frame 7), the size of hello the goal names.
void BM_tls_client_hello_19_extensions_full_walk_wirecraft_in_place(benchmark::State& state) {
    full_walk_in_place(state, wcbench::browser_client_hello());
}
void BM_tls_client_hello_19_extensions_full_walk_handwritten_typed(benchmark::State& state) {
    full_walk_handwritten_typed(state, wcbench::browser_client_hello());
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

// The hand-written equivalent of the wirecraft full walk: the same checks (the hello's vectors
// and their RFC bounds, extension framing, no type twice, each decoded body's vectors filling
// their extension) and the same sums. What a careful C programmer would write for this one
// message; the practical limit for the schema-driven walk.
std::size_t handwritten_full_walk(std::span<const std::byte> b) {
    auto u8 = [&](std::size_t i) { return std::to_integer<std::size_t>(b[i]); };
    auto u16 = [&](std::size_t i) { return u8(i) << 8 | u8(i + 1); };
    std::size_t at = 2 + 32;
    if (b.size() < at + 1 || u8(at) > 32) return 0;
    at += 1 + u8(at);
    if (b.size() < at + 2) return 0;
    const std::size_t suites = u16(at);
    if (suites < 2 || suites % 2 || b.size() < at + 2 + suites) return 0;
    at += 2 + suites;
    if (b.size() < at + 1 || u8(at) == 0) return 0;
    at += 1 + u8(at);
    if (b.size() < at + 2) return 0;
    const std::size_t end = at + 2 + u16(at);
    if (end != b.size()) return 0;
    std::size_t sum = suites / 2;
    std::uint64_t low_types = 0;
    std::array<std::uint64_t, 4> filter{};
    std::size_t found[6] = {};  // 1 + offset of: server_name, ALPN, supported_versions, key_share, groups, sigalgs
    const std::size_t first = at + 2;
    for (at = first; at < end;) {
        if (end - at < 4) return 0;
        const std::size_t type = u16(at), length = u16(at + 2);
        if (end - at - 4 < length) return 0;
        if (type < 64) {
            if (low_types >> type & 1) return 0;
            low_types |= std::uint64_t{1} << type;
        } else {
            const std::size_t bit = ((type * 40503u) & 0xffffu) >> 8;  // the same filter as wirecraft's
            if (filter[bit / 64] >> (bit % 64) & 1)
                for (std::size_t before = first; before < at; before += 4 + u16(before + 2))
                    if (u16(before) == type) return 0;
            filter[bit / 64] |= std::uint64_t{1} << (bit % 64);
        }
        sum += type;
        const int slot = type == 0 ? 0 : type == 16 ? 1 : type == 43 ? 2 : type == 51 ? 3 : type == 10 ? 4 : type == 13 ? 5 : -1;
        if (slot >= 0) found[slot] = at + 1;
        at += 4 + length;
    }
    // A vector of 2-byte code points filling the extension at `e`, with its bounds.
    auto code_points = [&](std::size_t e, std::size_t prefix, std::size_t min, std::size_t max) -> std::size_t {
        const std::size_t length = u16(e + 2);
        if (length < prefix) return ~std::size_t{0};
        const std::size_t n = prefix == 1 ? u8(e + 4) : u16(e + 4);
        if (n != length - prefix || n % 2 || n < min || n > max) return ~std::size_t{0};
        std::size_t s = 0;
        for (std::size_t i = e + 4 + prefix; i < e + 4 + length; i += 2) s += u16(i);
        return s;
    };
    if (found[0]) {  // server_name: list<1..>, entries of type, name<1..>
        const std::size_t e = found[0] - 1, length = u16(e + 2);
        if (length < 2 || u16(e + 4) != length - 2 || length == 2) return 0;
        bool first_name = true;
        for (std::size_t p = e + 6; p < e + 4 + length;) {
            if (e + 4 + length - p < 3) return 0;
            const std::size_t n = u16(p + 1);
            if (n == 0 || e + 4 + length - p - 3 < n) return 0;
            if (first_name && u8(p) == 0) sum += n, first_name = false;
            p += 3 + n;
        }
    }
    if (found[1]) {  // ALPN: list<2..>, names<1..255>
        const std::size_t e = found[1] - 1, length = u16(e + 2);
        if (length < 2 || u16(e + 4) != length - 2 || length - 2 < 2) return 0;
        for (std::size_t p = e + 6; p < e + 4 + length;) {
            const std::size_t n = u8(p);
            if (n == 0 || e + 4 + length - p - 1 < n) return 0;
            sum += n;
            p += 1 + n;
        }
    }
    for (int i : {2, 4, 5}) {
        if (!found[i]) continue;
        const std::size_t s = i == 2 ? code_points(found[i] - 1, 1, 2, 254) : code_points(found[i] - 1, 2, 2, 0xffff);
        if (s == ~std::size_t{0}) return 0;
        sum += s;
    }
    if (found[3]) {  // key_share: list, entries of group, key_exchange<1..>
        const std::size_t e = found[3] - 1, length = u16(e + 2);
        if (length < 2 || u16(e + 4) != length - 2) return 0;
        for (std::size_t p = e + 6; p < e + 4 + length;) {
            if (e + 4 + length - p < 4) return 0;
            const std::size_t n = u16(p + 2);
            if (n == 0 || e + 4 + length - p - 4 < n) return 0;
            sum += n;
            p += 4 + n;
        }
    }
    return sum;
}

void BM_tls_client_hello_full_walk_handwritten_typed(benchmark::State& state) { full_walk_handwritten_typed(state, client_hello()); }

BENCHMARK(BM_tls_client_hello_full_walk_wirecraft);
BENCHMARK(BM_tls_client_hello_full_walk_wirecraft_in_place);
BENCHMARK(BM_tls_client_hello_full_walk_handwritten);
BENCHMARK(BM_tls_client_hello_full_walk_handwritten_typed);
BENCHMARK(BM_tls_client_hello_19_extensions_full_walk_wirecraft_in_place);
BENCHMARK(BM_tls_client_hello_19_extensions_full_walk_handwritten_typed);
BENCHMARK(BM_tls_client_hello_sni_wirecraft);
BENCHMARK(BM_tls_server_hello_wirecraft);
BENCHMARK(BM_tls_client_hello_craft_wirecraft);

}  // namespace
