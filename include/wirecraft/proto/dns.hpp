// DNS (RFC 1035, 3596, 2782): the header as a schema; the four sections behind it as one codec,
// because a name may point anywhere earlier in the message (compression, RFC 1035 4.1.4) and so
// only a codec that knows where the message starts can read or write one.
//
//   | id (16) | QR | opcode (4) | AA | TC | RD | RA | Z | AD | CD | rcode (4) |
//   | question count | answer count | authority count | additional count |  <- the sections codec
//   | questions | answers | authorities | additionals |                     <- starts here (offset 4)
//
// Reading: names are checked once, at parse: labels of at most 63 octets, at most 255 octets in
// all, compression pointers only to an earlier offset than any part of the name read so far
// (so no loop and no forward pointer), none into the header. Views then decode without checks.
// Writing: names are compressed (each suffix already written is replaced by a pointer, as
// servers do) unless `dns_sections::compress` is false; the counts are those of the vectors
// unless set. Serializing into a caller's buffer allocates nothing.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "../schema.hpp"
#include "dns_name.hpp"
#include "dns_rdata.hpp"

namespace wirecraft {

enum class dns_opcode : std::uint8_t { query = 0, inverse_query = 1, status = 2, notify = 4, update = 5 };
enum class dns_rcode : std::uint8_t {
    no_error = 0, format_error = 1, server_failure = 2, name_error = 3, not_implemented = 4, refused = 5,
};
inline constexpr std::string_view dns_opcode_names[] = {"query", "inverse_query", "status", "", "notify", "update"};
inline constexpr std::string_view dns_rcode_names[] = {"no_error", "format_error", "server_failure", "name_error", "not_implemented", "refused"};
constexpr std::string_view enum_name(dns_opcode o) { return static_cast<std::size_t>(o) < 6 ? dns_opcode_names[static_cast<std::size_t>(o)] : ""; }
constexpr std::string_view enum_name(dns_rcode r) { return static_cast<std::size_t>(r) < 6 ? dns_rcode_names[static_cast<std::size_t>(r)] : ""; }

// ---- records -------------------------------------------------------------------------------

struct dns_question {
    dns_name name{};
    dns_type type = dns_type::a;
    std::uint16_t class_ = dns_class_in;  // mDNS uses the top bit to ask for a unicast answer
    bool operator==(const dns_question&) const = default;
};

// Record data by type: A, AAAA, a name (NS, CNAME, PTR), MX, TXT, SOA, SRV, NSEC, RRSIG, CAA, and
// the schema types DS, DNSKEY, NSEC3, NSEC3PARAM, TLSA, SVCB/HTTPS, OPT (tlv_bodies(dns_type));
// any other type keeps its octets (which must then hold no compression pointer).
using dns_rdata = std::variant<std::vector<std::byte>, ipv4_address, ipv6_address, dns_name, dns_mx, dns_txt, dns_soa, dns_srv, dns_nsec,
                               dns_rrsig, dns_caa, dns_ds, dns_dnskey, dns_nsec3, dns_nsec3param, dns_tlsa, dns_svcb, dns_edns>;

struct dns_record {
    dns_name name{};
    dns_type type = dns_type::a;
    std::uint16_t class_ = dns_class_in;
    std::uint32_t ttl = 0;
    dns_rdata rdata{};
    bool operator==(const dns_record&) const = default;
};

// An OPT pseudo-record (RFC 6891 6.1.2): the root as owner, the UDP payload size as its class,
// and the extended rcode, the version and the DO flag in its TTL.
inline dns_record dns_edns_record(std::uint16_t udp_payload_size, bool dnssec_ok = false, std::vector<dns_edns_option> options = {},
                                  std::uint8_t extended_rcode = 0, std::uint8_t version = 0) {
    const std::uint32_t ttl = (std::uint32_t{extended_rcode} << 24) | (std::uint32_t{version} << 16) | (dnssec_ok ? 0x8000u : 0u);
    return {dns_name{}, dns_type::opt, udp_payload_size, ttl, dns_edns{std::move(options)}};
}

class dns_record_view;
class dns_question_view {
public:
    constexpr dns_question_view() = default;
    constexpr dns_question_view(detail::bytes_view message, std::size_t offset)
        : message_(message), offset_(offset), fixed_(offset + detail::dns_name_in_place(message, offset)) {}
    constexpr dns_name_view name() const { return {message_, offset_}; }
    constexpr dns_type type() const { return static_cast<dns_type>(detail::load_be(message_.data() + fixed_, 2)); }
    constexpr std::uint16_t class_() const { return static_cast<std::uint16_t>(detail::load_be(message_.data() + fixed_ + 2, 2)); }
    constexpr std::size_t offset() const { return offset_; }
    constexpr std::size_t size() const { return fixed_ + 4 - offset_; }
    dns_question to_owned() const { return {name().to_owned(), type(), class_()}; }

private:
    detail::bytes_view message_{};
    std::size_t offset_ = 0, fixed_ = 0;  // fixed_: where the type follows the name
};

namespace detail {
template <class Entry>
bool owned_schema_rdata(dns_type type, bytes_view rdata, dns_rdata& out) {
    if (Entry::kind != type) return false;
    out = to_owned(parse<typename Entry::type>(rdata).value());  // checked at parse
    return true;
}
template <class... Entries>
bool owned_schema_rdata(dns_type type, bytes_view rdata, dns_rdata& out, tlv_body_list<Entries...>) {
    return (owned_schema_rdata<Entries>(type, rdata, out) || ...);
}

// The rdata of a type with a known shape must be exactly what its fields take. False with the
// error in `out` when it is not (a bool, not an optional<error>: this runs once per record).
constexpr bool check_dns_rdata(bytes_view message, dns_type type, std::size_t start, std::size_t length, error& out) {
    const std::size_t end = start + length;
    auto fail = [&](const error& e) {
        out = e;
        return false;
    };
    auto name_at = [&](std::size_t& at) -> bool {
        if (at >= end) return fail(error{error_kind::truncated, "dns", "rdata", at, at + 1, end});
        if (const std::size_t n = check_dns_name(message.first(end), at)) {
            at += n;
            return true;
        }
        auto n = walk_dns_name(message.first(end), at, [](auto) {});
        if (!n) {
            error e = n.error();
            if (e.kind == error_kind::truncated && e.offset < end) {  // the name runs past the rdata: it lies
                e = error{error_kind::length_inconsistent, "dns", "rdlength", start - 2, length, at - start, "rdata ends inside a name at"};
            }
            return fail(e);
        }
        at += *n;
        return true;
    };
    auto fixed = [&](std::size_t want) -> bool {
        if (length != want) return fail(error{error_kind::length_inconsistent, "dns", "rdlength", start - 2, length, want, "the type's data takes"});
        return true;
    };
    auto done = [&](std::size_t at) -> bool {
        if (at != end) return fail(error{error_kind::length_inconsistent, "dns", "rdlength", start - 2, length, at - start, "the type's data takes"});
        return true;
    };
    std::size_t at = start;
    switch (type) {
        case dns_type::a: return fixed(4);
        case dns_type::aaaa: return fixed(16);
        case dns_type::ns:
        case dns_type::cname:
        case dns_type::ptr:
            if (!name_at(at)) return false;
            return done(at);
        case dns_type::mx:
            if (length < 3) return fixed(3);
            at += 2;
            if (!name_at(at)) return false;
            return done(at);
        case dns_type::srv:
            if (length < 7) return fixed(7);
            at += 6;
            if (!name_at(at)) return false;
            return done(at);
        case dns_type::soa:
            if (!name_at(at)) return false;
            if (!name_at(at)) return false;
            return done(at + 20);
        case dns_type::nsec:
            if (!name_at(at)) return false;
            if (auto e = check_type_bitmaps(message.subspan(at, end - at), location{"dns", "rdata", at})) return fail(*e);
            return true;
        case dns_type::rrsig:
            if (length < 19) return fixed(19);
            at += 18;
            if (!name_at(at)) return false;
            return true;  // the signature takes the rest
        case dns_type::caa: {
            if (length < 2) return fixed(2);
            const std::size_t tag = std::to_integer<unsigned>(message[start + 1]);
            if (tag == 0 || tag > length - 2)
                return fail(error{error_kind::length_inconsistent, "dns", "rdata", start + 1, tag, length - 2, "tag, left in rdata"});
            return true;
        }
        case dns_type::txt:
            while (at < end) {
                const std::size_t n = std::to_integer<unsigned>(message[at]);
                if (at + 1 + n > end)
                    return fail(error{error_kind::length_inconsistent, "dns", "rdata", at, n, end - at - 1, "character string, left in rdata"});
                at += 1 + n;
            }
            return true;
        default:  // the schema types (tlv_bodies(dns_type)); any other type's data is kept as bytes
            return check_known_body(type, message.subspan(start, length), location{"dns", "rdata", start}, out, tlv_bodies(type));
    }
}
}  // namespace detail

class dns_record_view {
public:
    constexpr dns_record_view() = default;
    constexpr dns_record_view(detail::bytes_view message, std::size_t offset)
        : message_(message), offset_(offset), fixed_(offset + detail::dns_name_in_place(message, offset)) {}
    constexpr dns_name_view name() const { return {message_, offset_}; }
    constexpr dns_type type() const { return static_cast<dns_type>(load(0, 2)); }
    constexpr std::uint16_t class_() const { return static_cast<std::uint16_t>(load(2, 2)); }
    constexpr std::uint32_t ttl() const { return static_cast<std::uint32_t>(load(4, 4)); }
    constexpr std::uint16_t rdata_length() const { return static_cast<std::uint16_t>(load(8, 2)); }
    constexpr std::size_t rdata_offset() const { return fixed_ + 10; }
    constexpr detail::bytes_view rdata_bytes() const { return message_.subspan(rdata_offset(), rdata_length()); }
    constexpr std::size_t offset() const { return offset_; }
    constexpr std::size_t size() const { return rdata_offset() + rdata_length() - offset_; }

    // Typed data; empty when the type is another one.
    constexpr std::optional<ipv4_address> a() const {
        if (type() != dns_type::a) return std::nullopt;
        return octets_codec<ipv4_address>{}.view_of(rdata_bytes());
    }
    constexpr std::optional<ipv6_address> aaaa() const {
        if (type() != dns_type::aaaa) return std::nullopt;
        return octets_codec<ipv6_address>{}.view_of(rdata_bytes());
    }
    // The name of an NS, CNAME or PTR record.
    constexpr std::optional<dns_name_view> target() const {
        const auto t = type();
        if (t != dns_type::ns && t != dns_type::cname && t != dns_type::ptr) return std::nullopt;
        return dns_name_view{message_, rdata_offset()};
    }
    struct mx_view {
        std::uint16_t preference;
        dns_name_view exchange;
    };
    constexpr std::optional<mx_view> mx() const {
        if (type() != dns_type::mx) return std::nullopt;
        return mx_view{static_cast<std::uint16_t>(detail::load_be(message_.data() + rdata_offset(), 2)), {message_, rdata_offset() + 2}};
    }
    struct srv_view {
        std::uint16_t priority, weight, port;
        dns_name_view target;
    };
    constexpr std::optional<srv_view> srv() const {
        if (type() != dns_type::srv) return std::nullopt;
        const auto* d = message_.data() + rdata_offset();
        return srv_view{static_cast<std::uint16_t>(detail::load_be(d, 2)), static_cast<std::uint16_t>(detail::load_be(d + 2, 2)),
                        static_cast<std::uint16_t>(detail::load_be(d + 4, 2)), {message_, rdata_offset() + 6}};
    }
    struct soa_view {
        dns_name_view primary, mailbox;
        std::uint32_t serial, refresh, retry, expire, minimum;
    };
    constexpr std::optional<soa_view> soa() const {
        if (type() != dns_type::soa) return std::nullopt;
        const dns_name_view primary{message_, rdata_offset()};
        const dns_name_view mailbox{message_, rdata_offset() + primary.in_place_size()};
        const auto* d = message_.data() + mailbox.offset() + mailbox.in_place_size();
        auto u32 = [&](int i) { return static_cast<std::uint32_t>(detail::load_be(d + 4 * i, 4)); };
        return soa_view{primary, mailbox, u32(0), u32(1), u32(2), u32(3), u32(4)};
    }
    struct nsec_view {
        dns_name_view next_domain;
        detail::bytes_view type_bitmaps;
    };
    constexpr std::optional<nsec_view> nsec() const {
        if (type() != dns_type::nsec) return std::nullopt;
        const dns_name_view next{message_, rdata_offset()};
        const std::size_t used = next.in_place_size();
        return nsec_view{next, rdata_bytes().subspan(used)};
    }
    // EDNS0 (RFC 6891): an OPT record's class is the sender's UDP payload size and its TTL holds
    // the extended rcode, the version and the flags (DO, 0x8000); the data is options.
    struct edns_view {
        std::uint16_t udp_payload_size;
        std::uint8_t extended_rcode, version;
        bool dnssec_ok;
        std::uint16_t z;  // the other 15 flag bits
        detail::bytes_view options;
        template <class F>  // f(code, data) for each option
        constexpr void for_each_option(F&& f) const {
            for (std::size_t at = 0; at + 4 <= options.size();) {
                const std::size_t length = detail::load_be(options.data() + at + 2, 2);
                f(static_cast<std::uint16_t>(detail::load_be(options.data() + at, 2)), options.subspan(at + 4, length));
                at += 4 + length;
            }
        }
    };
    constexpr std::optional<edns_view> edns() const {
        if (type() != dns_type::opt) return std::nullopt;
        const auto t = ttl();
        return edns_view{class_(), static_cast<std::uint8_t>(t >> 24), static_cast<std::uint8_t>(t >> 16), ((t >> 15) & 1) != 0,
                         static_cast<std::uint16_t>(t & 0x7fff), rdata_bytes()};
    }
    struct rrsig_view {
        dns_type type_covered;
        std::uint8_t algorithm, labels;
        std::uint32_t original_ttl, expiration, inception;
        std::uint16_t key_tag;
        dns_name_view signer;
        detail::bytes_view signature;
    };
    constexpr std::optional<rrsig_view> rrsig() const {
        if (type() != dns_type::rrsig) return std::nullopt;
        const auto d = rdata_bytes();
        auto u = [&](std::size_t at, std::size_t n) { return detail::load_be(d.data() + at, n); };
        const dns_name_view signer{message_, rdata_offset() + 18};
        return rrsig_view{static_cast<dns_type>(u(0, 2)), static_cast<std::uint8_t>(u(2, 1)), static_cast<std::uint8_t>(u(3, 1)),
                          static_cast<std::uint32_t>(u(4, 4)), static_cast<std::uint32_t>(u(8, 4)), static_cast<std::uint32_t>(u(12, 4)),
                          static_cast<std::uint16_t>(u(16, 2)), signer, d.subspan(18 + signer.in_place_size())};
    }
    struct caa_view {
        std::uint8_t flags;
        std::string_view tag, value;
    };
    constexpr std::optional<caa_view> caa() const {
        if (type() != dns_type::caa) return std::nullopt;
        const auto d = rdata_bytes();
        const std::size_t tag = std::to_integer<unsigned>(d[1]);
        const auto* text = reinterpret_cast<const char*>(d.data());
        return caa_view{std::to_integer<std::uint8_t>(d[0]), std::string_view(text + 2, tag), std::string_view(text + 2 + tag, d.size() - 2 - tag)};
    }
    // The data of a schema type (DS, DNSKEY, NSEC3, TLSA, SVCB, OPT...: tlv_bodies(dns_type)), checked at
    // parse: record.data<dns_type::ds>()->get<"key_tag">().
    template <dns_type Type>
    constexpr std::optional<view<tlv_body_type<Type>>> data() const {
        if (type() != Type) return std::nullopt;
        return parse<tlv_body_type<Type>>(rdata_bytes()).value();
    }
    // The character strings of a TXT record, each as its octets.
    template <class F>
    constexpr void for_each_string(F&& f) const {
        const auto d = rdata_bytes();
        for (std::size_t at = 0; at < d.size();) {
            const std::size_t n = std::to_integer<unsigned>(d[at]);
            f(std::string_view(reinterpret_cast<const char*>(d.data() + at + 1), n));
            at += 1 + n;
        }
    }
    dns_record to_owned() const {
        dns_record r{name().to_owned(), type(), class_(), ttl(), {}};
        if (auto v = a()) r.rdata = *v;
        else if (auto v6 = aaaa()) r.rdata = *v6;
        else if (auto t = target()) r.rdata = t->to_owned();
        else if (auto m = mx()) r.rdata = dns_mx{m->preference, m->exchange.to_owned()};
        else if (auto s = srv()) r.rdata = dns_srv{s->priority, s->weight, s->port, s->target.to_owned()};
        else if (auto o = soa()) r.rdata = dns_soa{o->primary.to_owned(), o->mailbox.to_owned(), o->serial, o->refresh, o->retry, o->expire, o->minimum};
        else if (auto n = nsec()) r.rdata = dns_nsec{n->next_domain.to_owned(), detail::to_vector(n->type_bitmaps)};
        else if (auto g = rrsig())
            r.rdata = dns_rrsig{g->type_covered, g->algorithm, g->labels, g->original_ttl, g->expiration, g->inception, g->key_tag,
                                g->signer.to_owned(), detail::to_vector(g->signature)};
        else if (auto c = caa()) r.rdata = dns_caa{c->flags, std::string(c->tag), std::string(c->value)};
        else if (type() == dns_type::txt) {
            dns_txt t;
            for_each_string([&](std::string_view s) { t.strings.emplace_back(s); });
            r.rdata = std::move(t);
        } else if (!detail::owned_schema_rdata(type(), rdata_bytes(), r.rdata, tlv_bodies(type()))) {
            r.rdata = detail::to_vector(rdata_bytes());
        }
        return r;
    }

private:
    constexpr std::uint64_t load(std::size_t at, std::size_t n) const { return detail::load_be(message_.data() + fixed_ + at, n); }
    detail::bytes_view message_{};
    std::size_t offset_ = 0, fixed_ = 0;  // fixed_: where the type follows the name
};

// ---- the sections ----------------------------------------------------------------------------

struct dns_sections {
    std::vector<dns_question> questions{};
    std::vector<dns_record> answers{}, authorities{}, additionals{};
    // The counts written; empty: the vectors' sizes (set them to craft a lying header).
    std::optional<std::uint16_t> question_count{}, answer_count{}, authority_count{}, additional_count{};
    bool compress = true;  // write each name suffix already in the message as a pointer

    bool operator==(const dns_sections&) const = default;
    std::string to_string() const;
};

// Entries of one section, read in order (each knows its own size).
template <class Entry>
class dns_section_view {
public:
    constexpr dns_section_view() = default;
    constexpr dns_section_view(detail::bytes_view message, std::size_t offset, std::size_t count)
        : message_(message), offset_(offset), count_(count) {}
    class iterator {
    public:
        using value_type = Entry;
        using difference_type = std::ptrdiff_t;
        constexpr iterator() = default;
        constexpr iterator(detail::bytes_view m, std::size_t offset, std::size_t left)
            : message_(m), left_(left), entry_(left ? Entry{m, offset} : Entry{}) {}
        constexpr Entry operator*() const { return entry_; }
        constexpr iterator& operator++() {
            if (--left_) entry_ = Entry{message_, entry_.offset() + entry_.size()};
            return *this;
        }
        constexpr iterator operator++(int) { auto c = *this; ++*this; return c; }
        constexpr bool operator==(const iterator& o) const { return left_ == o.left_; }

    private:
        detail::bytes_view message_{};
        std::size_t left_ = 0;
        Entry entry_{};
    };
    constexpr iterator begin() const { return {message_, offset_, count_}; }
    constexpr iterator end() const { return {message_, 0, 0}; }
    constexpr std::size_t count() const { return count_; }
    constexpr bool empty() const { return count_ == 0; }

private:
    detail::bytes_view message_{};
    std::size_t offset_ = 0, count_ = 0;
};

class dns_sections_view {
public:
    constexpr dns_sections_view() = default;
    constexpr dns_sections_view(detail::bytes_view message, std::array<std::size_t, 4> counts)
        : message_(message), counts_(counts) {}
    // With the starts of the sections after the questions, as a parse found them: nothing is
    // walked twice.
    constexpr dns_sections_view(detail::bytes_view message, std::array<std::size_t, 4> counts, std::array<std::uint32_t, 3> starts)
        : message_(message), counts_(counts), starts_{detail::dns_header_bytes, starts[0], starts[1], starts[2]}, known_(4) {}
    constexpr std::size_t question_count() const { return counts_[0]; }
    constexpr std::size_t answer_count() const { return counts_[1]; }
    constexpr std::size_t authority_count() const { return counts_[2]; }
    constexpr std::size_t additional_count() const { return counts_[3]; }
    constexpr dns_section_view<dns_question_view> questions() const { return {message_, detail::dns_header_bytes, counts_[0]}; }
    constexpr dns_section_view<dns_record_view> answers() const { return {message_, start(1), counts_[1]}; }
    constexpr dns_section_view<dns_record_view> authorities() const { return {message_, start(2), counts_[2]}; }
    constexpr dns_section_view<dns_record_view> additionals() const { return {message_, start(3), counts_[3]}; }

    dns_sections to_owned() const {
        dns_sections s;
        for (auto q : questions()) s.questions.push_back(q.to_owned());
        for (auto r : answers()) s.answers.push_back(r.to_owned());
        for (auto r : authorities()) s.authorities.push_back(r.to_owned());
        for (auto r : additionals()) s.additionals.push_back(r.to_owned());
        // Keep the counts as found, so a message re-serializes exactly.
        s.question_count = static_cast<std::uint16_t>(counts_[0]);
        s.answer_count = static_cast<std::uint16_t>(counts_[1]);
        s.authority_count = static_cast<std::uint16_t>(counts_[2]);
        s.additional_count = static_cast<std::uint16_t>(counts_[3]);
        return s;
    }
    std::string to_string() const { return to_owned().to_string(); }

private:
    // Where a section starts is found when first asked, by skipping the sections before it
    // (each entry once per view): a reader of the question alone never walks the records.
    constexpr std::size_t start(std::size_t section) const {
        for (; known_ <= section; ++known_) {
            std::size_t pos = starts_[known_ - 1];
            for (std::size_t i = 0; i < counts_[known_ - 1]; ++i)
                pos += known_ == 1 ? dns_question_view{message_, pos}.size() : dns_record_view{message_, pos}.size();
            starts_[known_] = pos;
        }
        return starts_[section];
    }
    detail::bytes_view message_{};
    std::array<std::size_t, 4> counts_{};
    mutable std::array<std::size_t, 4> starts_{detail::dns_header_bytes};
    mutable std::size_t known_ = 1;  // starts_[0, known_) are set
};

namespace detail {
// Writes the counts and sections as the message's bytes from offset 4, as far as `out` holds
// them (empty: only the size is counted), and returns the size they take, fitting or not: one
// walk both sizes and writes, since the compression that decides the size is the costly part.
// Errors are about values that do not fit their fields.
constexpr result<std::size_t> write_dns_sections(const dns_sections& s, bytes_span out, std::size_t base) {
    dns_name_writer names(out.empty() ? out : bytes_span(out.data() - base, out.size() + base), s.compress);
    auto fits = [&](std::size_t at, std::size_t n) { return at + n <= out.size(); };
    auto put16 = [&](std::size_t at, std::uint64_t v) {
        if (fits(at, 2)) store_be(out.data() + at, 2, v);
    };
    auto put32 = [&](std::size_t at, std::uint64_t v) {
        if (fits(at, 4)) store_be(out.data() + at, 4, v);
    };
    auto fail = [](std::string_view field, std::size_t at, std::uint64_t value, std::uint64_t bits) {
        return error{error_kind::value_too_large, "dns", field, at, value, bits};
    };
    const std::size_t sizes[4] = {s.questions.size(), s.answers.size(), s.authorities.size(), s.additionals.size()};
    const std::optional<std::uint16_t> set[4] = {s.question_count, s.answer_count, s.authority_count, s.additional_count};
    for (int i = 0; i < 4; ++i) {
        if (!set[i] && sizes[i] > 0xffff) return fail("sections", base + 2 * static_cast<std::size_t>(i), sizes[i], 16);
        put16(2 * static_cast<std::size_t>(i), set[i] ? *set[i] : sizes[i]);
    }
    std::size_t pos = 8;  // relative to `out`; the message offset is base + pos
    auto name = [&](const dns_name& n, bool may_compress = true) -> std::optional<error> {
        std::size_t wire_size = 1;  // n.wire_size(), in the same walk
        for (const auto& l : n.labels) {
            if (l.empty() || l.size() > 63) return error{error_kind::value_too_large, "dns", "name", base + pos, l.size(), 6};
            wire_size += 1 + l.size();
        }
        if (wire_size > dns_max_name) return error{error_kind::limit_exceeded, "dns", "name", base + pos, wire_size, dns_max_name, "name length"};
        pos += names.write(n, base + pos, may_compress);
        return std::nullopt;
    };
    for (const auto& q : s.questions) {
        if (auto e = name(q.name)) return *e;
        put16(pos, static_cast<std::uint16_t>(q.type));
        put16(pos + 2, q.class_);
        pos += 4;
    }
    const std::vector<dns_record>* lists[3] = {&s.answers, &s.authorities, &s.additionals};
    for (const auto* list : lists) {
        for (const auto& r : *list) {
            if (auto e = name(r.name)) return *e;
            put16(pos, static_cast<std::uint16_t>(r.type));
            put16(pos + 2, r.class_);
            put32(pos + 4, r.ttl);
            const std::size_t length_at = pos + 8;
            pos += 10;
            const std::size_t rdata_start = pos;
            std::optional<error> err;
            std::visit(
                [&](const auto& d) {
                    using D = std::decay_t<decltype(d)>;
                    if constexpr (std::is_same_v<D, std::vector<std::byte>>) {
                        if (fits(pos, d.size())) copy_bytes(d, out.subspan(pos));
                        pos += d.size();
                    } else if constexpr (std::is_same_v<D, ipv4_address> || std::is_same_v<D, ipv6_address>) {
                        if (fits(pos, d.octets.size()))
                            for (std::size_t k = 0; k < d.octets.size(); ++k) out[pos + k] = static_cast<std::byte>(d.octets[k]);
                        pos += d.octets.size();
                    } else if constexpr (std::is_same_v<D, dns_name>) {
                        err = name(d);
                    } else if constexpr (std::is_same_v<D, dns_mx>) {
                        put16(pos, d.preference);
                        pos += 2;
                        err = name(d.exchange);
                    } else if constexpr (std::is_same_v<D, dns_srv>) {
                        put16(pos, d.priority);
                        put16(pos + 2, d.weight);
                        put16(pos + 4, d.port);
                        pos += 6;
                        err = name(d.target);  // RFC 2782 asks for no compression here; servers compress anyway
                    } else if constexpr (std::is_same_v<D, dns_soa>) {
                        err = name(d.primary);
                        if (!err) err = name(d.mailbox);
                        const std::uint32_t v[5] = {d.serial, d.refresh, d.retry, d.expire, d.minimum};
                        for (int k = 0; k < 5 && !err; ++k) put32(pos + 4 * static_cast<std::size_t>(k), v[k]);
                        pos += 20;
                    } else if constexpr (std::is_same_v<D, dns_nsec>) {
                        err = name(d.next_domain, false);  // RFC 4034 4.1.1 (mDNS compresses it: kept when parsed so)
                        if (fits(pos, d.type_bitmaps.size())) copy_bytes(d.type_bitmaps, out.subspan(pos));
                        pos += d.type_bitmaps.size();
                    } else if constexpr (std::is_same_v<D, dns_rrsig>) {
                        put16(pos, static_cast<std::uint16_t>(d.type_covered));
                        if (fits(pos, 4)) {
                            out[pos + 2] = static_cast<std::byte>(d.algorithm);
                            out[pos + 3] = static_cast<std::byte>(d.labels);
                        }
                        put32(pos + 4, d.original_ttl);
                        put32(pos + 8, d.expiration);
                        put32(pos + 12, d.inception);
                        put16(pos + 16, d.key_tag);
                        pos += 18;
                        err = name(d.signer, false);  // RFC 4034 3.1.7
                        if (fits(pos, d.signature.size())) copy_bytes(d.signature, out.subspan(pos));
                        pos += d.signature.size();
                    } else if constexpr (std::is_same_v<D, dns_caa>) {
                        if (d.tag.empty() || d.tag.size() > 255) {
                            err = error{error_kind::value_too_large, "dns", "rdata", base + pos + 1, d.tag.size(), 8};
                            return;
                        }
                        if (fits(pos, 2 + d.tag.size() + d.value.size())) {
                            out[pos] = static_cast<std::byte>(d.flags);
                            out[pos + 1] = static_cast<std::byte>(d.tag.size());
                            for (std::size_t k = 0; k < d.tag.size(); ++k) out[pos + 2 + k] = static_cast<std::byte>(d.tag[k]);
                            for (std::size_t k = 0; k < d.value.size(); ++k) out[pos + 2 + d.tag.size() + k] = static_cast<std::byte>(d.value[k]);
                        }
                        pos += 2 + d.tag.size() + d.value.size();
                    } else if constexpr (std::is_same_v<D, dns_txt>) {
                        for (const auto& str : d.strings) {
                            if (str.size() > 255) {
                                err = error{error_kind::value_too_large, "dns", "rdata", base + pos, str.size(), 8};
                                return;
                            }
                            if (fits(pos, 1 + str.size())) {
                                out[pos] = static_cast<std::byte>(str.size());
                                for (std::size_t k = 0; k < str.size(); ++k) out[pos + 1 + k] = static_cast<std::byte>(str[k]);
                            }
                            pos += 1 + str.size();
                        }
                    } else if constexpr (protocol<D>) {  // the schema types: written by the engine
                        const std::size_t n = wirecraft::size(d);
                        if (fits(pos, n)) {
                            if (auto written = serialize(d, out.subspan(pos, n)); !written) {
                                err = written.error().shifted(base + pos);
                                return;
                            }
                        }
                        pos += n;
                    }
                },
                r.rdata);
            if (err) return *err;
            if (pos - rdata_start > 0xffff) return fail("rdlength", base + length_at, pos - rdata_start, 16);
            put16(length_at, pos - rdata_start);
        }
    }
    return pos;
}
}  // namespace detail

// The codec of the counts and the four sections. It sits at offset 4 of the message, so it
// knows where the message starts: in.data() - 4.
struct dns_sections_codec {
    using owned_type = dns_sections;
    using view_type = dns_sections_view;
    static constexpr bool self_delimiting = true;
    static constexpr std::size_t at = 4;

    // Where the answer, authority and additional sections start (offsets in the message), kept
    // by a parsed view. 32 bits: a message is at most 65,535 bytes over TCP, and the view stays
    // small (a bigger view cost the small query more than the walks it saves).
    using parse_state = std::array<std::uint32_t, 3>;

    // Checks every count, name and record; returns the octets they take.
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        parse_state unused;
        return measure(in, where, unused);
    }
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where, parse_state& starts) const {
        if (in.size() < 8) return where.fail(error_kind::truncated, 0, 8, in.size());
        const detail::bytes_view message(in.data() - at, in.size() + at);
        auto shifted = [&](error e) {  // offsets from the message's start, as seen by the caller
            e.offset = e.offset - at + where.offset;
            return e;
        };
        std::size_t pos = detail::dns_header_bytes;
        auto name_size = [&]() -> result<std::size_t> {
            if (const std::size_t n = detail::check_dns_name(message, pos)) return n;
            return detail::walk_dns_name(message, pos, [](auto) {});  // the slow walk says what is wrong
        };
        // Questions, then the records of the three other sections (one loop: the same shape).
        for (std::size_t i = 0, count = detail::load_be(in.data(), 2); i < count; ++i) {
            const auto name = name_size();
            if (!name) return shifted(name.error());
            pos += *name;
            if (pos + 4 > message.size()) return shifted(error{error_kind::truncated, "dns", "question", pos, pos + 4, message.size()});
            pos += 4;
        }
        for (std::size_t section = 1; section < 4; ++section) {
            starts[section - 1] = static_cast<std::uint32_t>(pos);
            for (std::size_t i = 0, count = detail::load_be(in.data() + 2 * section, 2); i < count; ++i) {
                const auto name = name_size();
                if (!name) return shifted(name.error());
                pos += *name;
                if (pos + 10 > message.size()) return shifted(error{error_kind::truncated, "dns", "record", pos, pos + 10, message.size()});
                const auto type = static_cast<dns_type>(detail::load_be(message.data() + pos, 2));
                const std::size_t length = detail::load_be(message.data() + pos + 8, 2);
                pos += 10;
                if (pos + length > message.size())
                    return shifted(error{error_kind::length_inconsistent, "dns", "rdlength", pos - 2, length, message.size() - pos});
                if (!detail::dns_rdata_fits(message, type, pos, length)) {
                    error failure;
                    if (!detail::check_dns_rdata(message, type, pos, length, failure)) return shifted(failure);
                }
                pos += length;
            }
        }
        return pos - at;
    }
    constexpr view_type view_of(detail::bytes_view in) const { return view_type(message_of(in), counts_of(in)); }
    constexpr view_type view_of(detail::bytes_view in, const parse_state& starts) const {
        return view_type(message_of(in), counts_of(in), starts);
    }
    dns_sections to_owned(const view_type& v) const { return v.to_owned(); }
    constexpr std::size_t size(const owned_type& s) const {
        return detail::write_dns_sections(s, {}, at).value_or(0);
    }
    constexpr result<std::size_t> write(const owned_type& s, detail::bytes_span out, const location& where) const {
        return detail::write_dns_sections(s, out, where.offset);
    }
    // Into a buffer that may be larger: serialize then writes the message in one walk, without
    // sizing it first (writes_unsized in the engine).
    constexpr result<std::size_t> write_unsized(const owned_type& s, detail::bytes_span out, const location& where) const {
        auto n = write(s, out, where);
        if (n && *n > out.size()) return where.fail(error_kind::buffer_too_small, 0, *n, out.size());
        return n;
    }

private:
    static constexpr detail::bytes_view message_of(detail::bytes_view in) { return {in.data() - at, in.size() + at}; }
    static constexpr std::array<std::size_t, 4> counts_of(detail::bytes_view in) {
        std::array<std::size_t, 4> counts{};
        for (std::size_t section = 0; section < 4; ++section) counts[section] = detail::load_be(in.data() + 2 * section, 2);
        return counts;
    }
};

struct dns {
    std::uint16_t id = 0;
    bool response = false;                  // QR
    dns_opcode opcode = dns_opcode::query;
    bool authoritative = false;             // AA
    bool truncated = false;                 // TC
    bool recursion_desired = false;         // RD
    bool recursion_available = false;       // RA
    bool z = false;                         // reserved, zero
    bool authentic_data = false;            // AD (RFC 4035)
    bool checking_disabled = false;         // CD (RFC 4035)
    dns_rcode rcode = dns_rcode::no_error;
    dns_sections sections{};

    static consteval auto schema() {
        return wirecraft::schema<"dns">(
            field<"id", &dns::id>(),
            field<"response", &dns::response>(bits<1>),
            field<"opcode", &dns::opcode>(bits<4>),
            field<"authoritative", &dns::authoritative>(bits<1>),
            field<"truncated", &dns::truncated>(bits<1>),
            field<"recursion_desired", &dns::recursion_desired>(bits<1>),
            field<"recursion_available", &dns::recursion_available>(bits<1>),
            field<"z", &dns::z>(bits<1>),
            field<"authentic_data", &dns::authentic_data>(bits<1>),
            field<"checking_disabled", &dns::checking_disabled>(bits<1>),
            field<"rcode", &dns::rcode>(bits<4>),
            field<"sections", &dns::sections>(dns_sections_codec{}));
    }
};

// Nothing in the header measures the sections, so serialize writes a message in one walk.
static_assert(detail::writes_in_one_pass<dns>());

inline std::string dns_sections::to_string() const {
    std::string s = std::to_string(questions.size()) + " question(s)";
    for (const auto& q : questions) s += ", " + q.name.to_string() + " " + std::string(enum_name(q.type));
    s += "; " + std::to_string(answers.size()) + " answer(s), " + std::to_string(authorities.size()) + " authority, " +
         std::to_string(additionals.size()) + " additional";
    return s;
}

// DNS over TCP (RFC 1035 4.2.2, RFC 7766): each message behind a 2-octet length. A segment may
// carry several; a walk takes them one after another (see dissection/bindings.hpp).
struct dns_over_tcp {
    std::optional<std::uint16_t> length{};  // the message's octets; empty: computed
    dns message{};

    static consteval auto schema() {
        return wirecraft::schema<"dns_tcp">(
            field<"length", &dns_over_tcp::length>().computed(size_of<"message">),
            field<"message", &dns_over_tcp::message>(nested<dns>).sized_by(ref<"length">))
            .total_size(ref<"length"> + 2);  // what follows is the next message's, not this one's payload
    }
};

// Whether `bytes` start with a whole length-prefixed message (a segment may hold part of one).
constexpr bool holds_whole_dns_message(detail::bytes_view bytes) {
    return bytes.size() >= 2 + detail::dns_header_bytes && detail::load_be(bytes.data(), 2) + 2 <= bytes.size();
}

}  // namespace wirecraft

