// DNS names inside a message (proto/dns_name.hpp), on the 19 names of pcapplusplus/Dns.pcap #1
// (323 bytes: the question, 17 owners, a CNAME target; most of them compression pointers):
//   check:  the fast check parse runs on every name (size in place, or 0);
//   walk:   the checked walk, which words errors (what parse runs only when the check refuses);
//   read:   a checked name's labels through its view, following pointers;
//   write:  the 17 owner names as owned names, compressed, into a buffer (as a crafted message:
//           no form read to follow).
#include "../bench_support.hpp"

#include <wirecraft/proto/dns.hpp>
#include <wirecraft/proto/dns_name.hpp>

namespace {
namespace wc = wirecraft;

const std::vector<std::byte>& message() {
    static const auto bytes = wcbench::capture_bytes("pcapplusplus/Dns.pcap", 1, 14 + 20 + 8);
    return bytes;
}
const std::vector<std::size_t>& name_offsets() {
    static const auto offsets = [] {
        std::vector<std::size_t> at;
        const auto s = wc::parse<wc::dns>(message()).value().get<"sections">();
        for (auto q : s.questions()) at.push_back(q.offset());
        for (auto r : s.answers()) {
            at.push_back(r.offset());
            if (auto t = r.target()) at.push_back(t->offset());
        }
        return at;
    }();
    return offsets;
}

void BM_dns_name_check(benchmark::State& state) {
    const auto& m = message();
    for (auto _ : state) {
        std::size_t sum = 0;
        for (auto at : name_offsets()) sum += wc::detail::check_dns_name(m, at);
        benchmark::DoNotOptimize(sum);
    }
}
void BM_dns_name_walk(benchmark::State& state) {
    const auto& m = message();
    for (auto _ : state) {
        std::size_t sum = 0;
        for (auto at : name_offsets()) sum += wc::detail::walk_dns_name(m, at, [](auto) {}).value_or(0);
        benchmark::DoNotOptimize(sum);
    }
}
void BM_dns_name_read(benchmark::State& state) {
    const auto& m = message();
    for (auto _ : state) {
        std::size_t sum = 0;
        for (auto at : name_offsets()) wc::dns_name_view(m, at).for_each_label([&](std::string_view l) { sum += l.size(); });
        benchmark::DoNotOptimize(sum);
    }
}
void BM_dns_name_write_compressed(benchmark::State& state) {
    std::vector<wc::dns_name> names;
    for (auto r : wc::parse<wc::dns>(message()).value().get<"sections">().answers()) {
        names.push_back(r.name().to_owned());
        names.back().as_read.reset();
    }
    std::vector<std::byte> out(512);
    for (auto _ : state) {
        wc::detail::dns_name_writer writer(out, true);
        std::size_t pos = wc::detail::dns_header_bytes;
        for (const auto& n : names) pos += writer.write(n, pos);
        benchmark::DoNotOptimize(pos);
        benchmark::ClobberMemory();
    }
}
}  // namespace

BENCHMARK(BM_dns_name_check);
BENCHMARK(BM_dns_name_walk);
BENCHMARK(BM_dns_name_read);
BENCHMARK(BM_dns_name_write_compressed);
