// DNS messages: names with compression pointers anywhere, counts that lie, record data of any
// length. A message that parses must print, convert to an owned value, serialize, and parse
// again to an equal value. (Byte-for-byte equality holds when every pointer leads to a name
// the writer knows, as in real traffic; tests/proto/dns_test.cpp checks it on the corpus. A
// pointer into the middle of a label or into opaque record data is rewritten.) The same bytes
// are also read as a DNS-over-TCP stream, whole and cut in two.
#include <utility>
#include <vector>

#include <wirecraft/flow/dns_reader.hpp>
#include <wirecraft/proto/dns.hpp>

#include "fuzz.hpp"

namespace {
namespace wc = wirecraft;

// The same bytes as a DNS-over-TCP stream: read whole, and cut in two where the input's first
// octet says, the reader hands over the same messages (or errors) at the same offsets.
void check_tcp_stream(wcfuzz::bytes_view stream) {
    if (stream.empty()) return;
    auto read = [&](std::size_t cut) {
        wc::dns_tcp_reader reader;
        std::vector<std::pair<std::uint64_t, std::size_t>> seen;  // offset; size, or the error's offset inverted
        auto on_message = [&](const wc::result<wc::view<wc::dns>>& m, std::uint64_t at) {
            seen.emplace_back(at, m ? m->size() : ~m.error().offset);
        };
        (void)reader.add(stream.first(cut), on_message);
        const bool failed = reader.add(stream.subspan(cut), on_message).has_value();
        if (reader.buffered() > 2 + 65535) wcfuzz::fail("the DNS stream reader holds at most one message", "");
        return std::pair{seen, failed};
    };
    const std::size_t cut = std::to_integer<std::size_t>(stream[0]) * stream.size() / 256;
    if (read(stream.size()) != read(cut)) wcfuzz::fail("a DNS stream cut in two must give what it gives whole", "");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    check_tcp_stream(as_bytes(data, size));
    auto first = wc::parse<wc::dns>(as_bytes(data, size));
    if (!first) {
        check_error(first.error());
        return 0;
    }
    (void)wc::to_string(*first);
    // The sections start where the parse found them (its parse state) and where a walk of a
    // view made without parsing finds them.
    const auto offsets = [](const wc::dns_sections_view& s) {
        std::vector<std::size_t> at;
        for (auto q : s.questions()) at.push_back(q.offset());
        for (const auto& section : {s.answers(), s.authorities(), s.additionals()})
            for (auto r : section) at.push_back(r.rdata_offset());
        return at;
    };
    if (offsets(first->get<"sections">()) != offsets(wc::dns_sections_codec{}.view_of(first->bytes().subspan(wc::dns_sections_codec::at))))
        fail("the section starts of a parse must be those of a walk", wc::to_string(*first));
    // Parse accepts common records' data inline (dns_rdata_fits); the full check must agree.
    const auto s = first->get<"sections">();
    for (const auto& section : {s.answers(), s.authorities(), s.additionals()})
        for (auto r : section)
            if (wc::error e; !wc::detail::check_dns_rdata(first->bytes(), r.type(), r.rdata_offset(), r.rdata_length(), e))
                fail("a record parse accepted must pass the full rdata check", to_string(e));
    const wc::dns owned = wc::to_owned(*first);
    const std::string printed = wc::to_string(owned);
    auto bytes = wc::to_bytes(owned, first->payload());
    if (!bytes) fail("a parsed message must serialize", to_string(bytes.error()) + "\n" + printed);
    auto second = wc::parse<wc::dns>(*bytes);
    if (!second) fail("re-serialized bytes must parse", to_string(second.error()) + "\n" + printed);
    if (!(wc::to_owned(*second) == owned)) fail("parse -> serialize -> parse must give an equal message", printed);
    return 0;
}
