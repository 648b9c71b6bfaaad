// DNS: wirecraft, a hand-written validating parser and libtins, on the same messages.
//
//   query:    a 58-byte A query with an EDNS0 OPT record (UDP size 1232, DO, an 8-byte cookie),
//             crafted here (the corpus has no such query) and checked to parse;
//   response: pcapplusplus/Dns.pcap #1, 323 bytes: a CNAME and 16 A records, compressed names.
//
// parse:       validate the whole message (every name, pointer and record) and read every
//              question and record's type; wirecraft and the hand-written parser also walk
//              every name's labels (through pointers) without copying. libtins' constructor
//              reads the message into its own buffer; its queries()/answers() then build
//              std::string names and std::vector records (its API has no other way).
// serialize:   the response, compressed, into a caller's buffer (wirecraft); libtins writes
//              its PDU into a new vector (uncompressed: libtins does not compress).
#include "../bench_support.hpp"
#include "../handwritten.hpp"

#include <wirecraft/proto/dns.hpp>

#ifdef WIRECRAFT_BENCH_LIBTINS
#include <tins/tins.h>
#endif

namespace {
namespace wc = wirecraft;

const std::vector<std::byte>& query_bytes() {
    static const auto bytes = [] {
        wc::dns q{.id = 0x4f1d, .recursion_desired = true};
        q.sections.questions = {{wc::dns_name::from("www.example.com"), wc::dns_type::a}};
        // OPT: root name, class = UDP payload size, TTL = extended rcode, version, DO bit.
        std::vector<std::byte> cookie = {std::byte{0}, std::byte{10}, std::byte{0}, std::byte{8}};
        for (int i = 0; i < 8; ++i) cookie.push_back(std::byte(0xa0 + i));
        q.sections.additionals = {{wc::dns_name{}, wc::dns_type::opt, 1232, 0x00008000, cookie}};
        return wc::to_bytes(q).value();
    }();
    return bytes;
}
const std::vector<std::byte>& response_bytes() {
    static const auto bytes = wcbench::capture_bytes("pcapplusplus/Dns.pcap", 1, 14 + 20 + 8);
    return bytes;
}

// ---- wirecraft ----

std::size_t walk_wirecraft(const wc::view<wc::dns>& m) {
    std::size_t sum = 0;
    const auto s = m.get<"sections">();
    for (auto q : s.questions()) {
        q.name().for_each_label([&](std::string_view l) { sum += l.size(); });
        sum += static_cast<std::uint16_t>(q.type());
    }
    auto records = [&](const auto& section) {
        for (auto r : section) {
            r.name().for_each_label([&](std::string_view l) { sum += l.size(); });
            sum += static_cast<std::uint16_t>(r.type()) + r.rdata_length();
        }
    };
    records(s.answers());
    records(s.authorities());
    records(s.additionals());
    return sum;
}

void parse_wirecraft(benchmark::State& state, const std::vector<std::byte>& bytes) {
    for (auto _ : state) {
        auto m = wc::parse<wc::dns>(bytes);
        if (!m) { state.SkipWithError(to_string(m.error()).c_str()); break; }
        benchmark::DoNotOptimize(walk_wirecraft(*m));
    }
}
void BM_dns_parse_query_wirecraft(benchmark::State& state) { parse_wirecraft(state, query_bytes()); }
void BM_dns_parse_response_wirecraft(benchmark::State& state) { parse_wirecraft(state, response_bytes()); }

void BM_dns_serialize_response_wirecraft(benchmark::State& state) {
    auto m = wc::parse<wc::dns>(response_bytes());
    if (!m) return state.SkipWithError("parse");
    auto value = wc::to_owned(*m);
    for (auto& r : value.sections.answers) r.name.as_read.reset();  // compress afresh, as a crafted message
    for (auto& q : value.sections.questions) q.name.as_read.reset();
    for (auto& r : value.sections.answers)
        if (auto* n = std::get_if<wc::dns_name>(&r.rdata)) n->as_read.reset();
    std::vector<std::byte> out(512);
    for (auto _ : state) {
        auto n = wc::serialize(value, out);
        if (!n) { state.SkipWithError(to_string(n.error()).c_str()); break; }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

// ---- hand-written: the same checks (labels <= 63, names <= 255 octets, pointers only to an
// earlier offset, counts, record lengths), without a schema ----

struct hand_dns {
    const std::uint8_t* m;
    std::size_t n;
    std::size_t sum = 0;

    // Returns the octets the name takes in place, or 0 on a malformed name.
    std::size_t name(std::size_t at) {
        std::size_t pos = at, floor = at, limit = n, in_place = 0, total = 1;
        bool jumped = false;
        for (;;) {
            if (pos >= limit) return 0;
            const unsigned len = m[pos];
            if ((len & 0xc0) == 0xc0) {
                if (pos + 2 > limit) return 0;
                const std::size_t target = ((len & 0x3f) << 8) | m[pos + 1];
                if (!jumped) in_place = pos + 2 - at;
                if (target < 12 || target >= floor) return 0;
                jumped = true;
                limit = floor;
                pos = floor = target;
                continue;
            }
            if (len & 0xc0) return 0;
            if (len == 0) return jumped ? in_place : pos + 1 - at;
            if (pos + 1 + len > limit) return 0;
            total += 1 + len;
            if (total > 255) return 0;
            sum += len;
            pos += 1 + len;
        }
    }
    bool parse() {
        if (n < 12) return false;
        std::size_t pos = 12;
        for (int section = 0; section < 4; ++section) {
            const std::size_t count = hand::load16(m + 4 + 2 * section);
            for (std::size_t i = 0; i < count; ++i) {
                const std::size_t used = name(pos);
                if (used == 0) return false;
                pos += used;
                if (section == 0) {
                    if (pos + 4 > n) return false;
                    sum += hand::load16(m + pos);
                    pos += 4;
                    continue;
                }
                if (pos + 10 > n) return false;
                const std::uint16_t type = hand::load16(m + pos);
                const std::size_t length = hand::load16(m + pos + 8);
                pos += 10;
                if (pos + length > n) return false;
                if (type == 1 && length != 4) return false;
                if (type == 5 && name(pos) != length) return false;  // a CNAME's name fills its data
                sum += type + length;
                pos += length;
            }
        }
        return true;
    }
};

void parse_handwritten(benchmark::State& state, const std::vector<std::byte>& bytes) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
    for (auto _ : state) {
        hand_dns d{p, bytes.size()};
        if (!d.parse()) { state.SkipWithError("hand-written parse"); break; }
        benchmark::DoNotOptimize(d.sum);
    }
}
void BM_dns_parse_query_handwritten(benchmark::State& state) { parse_handwritten(state, query_bytes()); }
void BM_dns_parse_response_handwritten(benchmark::State& state) { parse_handwritten(state, response_bytes()); }

#ifdef WIRECRAFT_BENCH_LIBTINS
void parse_libtins(benchmark::State& state, const std::vector<std::byte>& bytes) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
    for (auto _ : state) {
        try {
            Tins::DNS dns(p, static_cast<std::uint32_t>(bytes.size()));
            std::size_t sum = 0;
            for (const auto& q : dns.queries()) sum += q.dname().size() + q.query_type();
            for (const auto& r : dns.answers()) sum += r.dname().size() + r.query_type() + r.data().size();
            for (const auto& r : dns.authority()) sum += r.dname().size() + r.query_type();
            for (const auto& r : dns.additional()) sum += r.dname().size() + r.query_type();
            benchmark::DoNotOptimize(sum);
        } catch (const std::exception& e) {
            state.SkipWithError(e.what());
            break;
        }
    }
}
void BM_dns_parse_query_libtins(benchmark::State& state) { parse_libtins(state, query_bytes()); }
void BM_dns_parse_response_libtins(benchmark::State& state) { parse_libtins(state, response_bytes()); }

void BM_dns_serialize_response_libtins(benchmark::State& state) {
    const auto& bytes = response_bytes();
    Tins::DNS dns(reinterpret_cast<const std::uint8_t*>(bytes.data()), static_cast<std::uint32_t>(bytes.size()));
    for (auto _ : state) {
        auto out = dns.serialize();
        benchmark::DoNotOptimize(out.data());
    }
}
#endif

}  // namespace

BENCHMARK(BM_dns_parse_query_wirecraft);
BENCHMARK(BM_dns_parse_query_handwritten);
BENCHMARK(BM_dns_parse_response_wirecraft);
BENCHMARK(BM_dns_parse_response_handwritten);
BENCHMARK(BM_dns_serialize_response_wirecraft);
#ifdef WIRECRAFT_BENCH_LIBTINS
BENCHMARK(BM_dns_parse_query_libtins);
BENCHMARK(BM_dns_parse_response_libtins);
BENCHMARK(BM_dns_serialize_response_libtins);
#endif
