// DNS messages: names with compression pointers anywhere, counts that lie, record data of any
// length. A message that parses must print, convert to an owned value, serialize, and parse
// again to an equal value. (Byte-for-byte equality holds when every pointer leads to a name
// the writer knows, as in real traffic; tests/proto/dns_test.cpp checks it on the corpus. A
// pointer into the middle of a label or into opaque record data is rewritten.) The same bytes
// are also read as a DNS-over-TCP stream, whole and cut in two.
#include <algorithm>
#include <string>
#include <utility>
#include <variant>
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

// serialize writes a message in one walk: into a larger buffer the same bytes and nothing
// after them, into one a byte short nothing past it and buffer_too_small with the size needed.
void check_one_pass(const wc::dns& owned, const std::vector<std::byte>& expected, const std::string& printed) {
    std::vector<std::byte> roomy(expected.size() + 16, std::byte{0xee});
    auto n = wc::serialize(owned, std::span<std::byte>(roomy));
    if (!n || *n != expected.size() || !std::equal(expected.begin(), expected.end(), roomy.begin()) || roomy[expected.size()] != std::byte{0xee})
        wcfuzz::fail("serialize into a larger buffer must write the message and nothing after it", printed);
    std::fill(roomy.begin(), roomy.end(), std::byte{0xee});
    const std::size_t room = expected.size() - 1;  // a message is at least its 12-byte header
    auto short_by_one = wc::serialize(owned, std::span<std::byte>(roomy).first(room));
    if (short_by_one || short_by_one.error().kind != wc::error_kind::buffer_too_small || short_by_one.error().needed != expected.size())
        wcfuzz::fail("serialize into a buffer a byte short must say how many bytes it needs", printed);
    for (std::size_t i = room; i < roomy.size(); ++i)
        if (roomy[i] != std::byte{0xee}) wcfuzz::fail("serialize must not write past the buffer", printed);
}

// The names inside a record's data (NS, CNAME, PTR, MX, SRV, SOA, NSEC, RRSIG).
template <class F>
void for_each_name(wc::dns_name& n, F&& f) { f(n); }
template <class F>
void for_each_name(wc::dns_mx& d, F&& f) { f(d.exchange); }
template <class F>
void for_each_name(wc::dns_srv& d, F&& f) { f(d.target); }
template <class F>
void for_each_name(wc::dns_soa& d, F&& f) { f(d.primary); f(d.mailbox); }
template <class F>
void for_each_name(wc::dns_nsec& d, F&& f) { f(d.next_domain); }
template <class F>
void for_each_name(wc::dns_rrsig& d, F&& f) { f(d.signer); }
template <class D, class F>
void for_each_name(D&, F&&) {}
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
    check_one_pass(owned, first->payload().empty() ? *bytes : std::vector<std::byte>(bytes->begin(), bytes->end() - static_cast<std::ptrdiff_t>(first->payload().size())), printed);
    // As a crafted message (no form to follow), every name goes through the compressing writer,
    // the previous-name path included: it must come back with the same names.
    wc::dns crafted = owned;
    auto forget = [](wc::dns_name& n) { n.as_read.reset(); };
    for (auto& q : crafted.sections.questions) forget(q.name);
    for (auto* list : {&crafted.sections.answers, &crafted.sections.authorities, &crafted.sections.additionals})
        for (auto& r : *list) {
            forget(r.name);
            std::visit([&](auto& d) { for_each_name(d, forget); }, r.rdata);
        }
    auto compressed = wc::to_bytes(crafted);
    if (!compressed) fail("a crafted message must serialize", to_string(compressed.error()) + "\n" + printed);
    auto third = wc::parse<wc::dns>(*compressed);
    if (!third) fail("a crafted message's bytes must parse", to_string(third.error()) + "\n" + printed);
    wc::dns again = wc::to_owned(*third);
    for (auto& q : again.sections.questions) forget(q.name);
    for (auto* list : {&again.sections.answers, &again.sections.authorities, &again.sections.additionals})
        for (auto& r : *list) {
            forget(r.name);
            std::visit([&](auto& d) { for_each_name(d, forget); }, r.rdata);
        }
    // Printed too: names compare case-insensitively, and a pointer must not change a name's case.
    if (!(again == crafted) || wc::to_string(again) != wc::to_string(crafted))
        fail("a crafted message must come back with the same names", printed);
    return 0;
}
