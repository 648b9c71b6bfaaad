// Shared by the per-protocol benchmarks: a layer's bytes from a test capture, and the two
// measurements every protocol gets: parse (validate + view) and serialize (write the owned
// value of the same bytes into a caller's buffer).
#pragma once
#include <benchmark/benchmark.h>

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include <wirecraft/wirecraft.hpp>

namespace wcbench {

namespace wc = wirecraft;

// Bytes of frame `number` (1-based) of a test capture, from byte `offset` on: real packets.
inline std::vector<std::byte> capture_bytes(const char* capture, int number, std::size_t offset) {
    auto file = wc::read_file(std::string(WIRECRAFT_TEST_DATA) + "/captures/" + capture);
    if (!file) throw std::runtime_error(std::string("cannot read ") + capture);
    auto reader = wc::capture_reader::open(*file).value();
    for (int n = 1;; ++n) {
        auto packet = reader.next().value();
        if (!packet) throw std::runtime_error(std::string("no such frame in ") + capture);
        if (n == number) return {packet->data.begin() + static_cast<std::ptrdiff_t>(offset), packet->data.end()};
    }
}

template <wc::protocol P>
void parse_layer(benchmark::State& state, std::vector<std::byte> bytes) {
    for (auto _ : state) {
        auto v = wc::parse<P>(bytes);
        if (!v) { state.SkipWithError(to_string(v.error()).c_str()); break; }
        benchmark::DoNotOptimize(v->header_size());
    }
}

template <wc::protocol P>
void serialize_layer(benchmark::State& state, std::vector<std::byte> bytes) {
    auto v = wc::parse<P>(bytes);
    if (!v) { state.SkipWithError(to_string(v.error()).c_str()); return; }
    const P value = wc::to_owned(*v);
    const std::size_t payload = v->payload_size();
    std::vector<std::byte> out(v->size());
    for (auto _ : state) {
        auto n = wc::serialize(value, out, payload);
        if (!n) { state.SkipWithError(to_string(n.error()).c_str()); break; }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

// Registers parse and serialize of protocol P on frame `frame` of `capture`, from `offset`,
// as "parse/<name>" and "serialize/<name>". Use it to initialize a namespace-scope constant.
template <wc::protocol P>
bool register_layer(const std::string& name, const char* capture, int frame, std::size_t offset) {
    const auto bytes = capture_bytes(capture, frame, offset);
    benchmark::RegisterBenchmark(("parse/" + name).c_str(), [bytes](benchmark::State& state) { parse_layer<P>(state, bytes); });
    benchmark::RegisterBenchmark(("serialize/" + name).c_str(), [bytes](benchmark::State& state) { serialize_layer<P>(state, bytes); });
    return true;
}

}  // namespace wcbench
