// DNS record data (RDATA) and the names it is made of: the type numbers, owned names, the
// owned forms of the record types that hold compressible names (read and written by dns.hpp,
// which knows where the message starts), and, as schemas, the types whose data holds no
// compressed name: DS and DNSKEY (RFC 4034), NSEC3 and NSEC3PARAM (RFC 5155), TLSA (RFC 6698),
// SVCB and HTTPS (RFC 9460), and OPT (EDNS0, RFC 6891) with its options. A schema type is listed in tlv_bodies(dns_type), and the message codec
// checks, reads and writes it through the engine.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../schema.hpp"

namespace wirecraft {

enum class dns_type : std::uint16_t {
    a = 1, ns = 2, cname = 5, soa = 6, ptr = 12, hinfo = 13, mx = 15, txt = 16, aaaa = 28, srv = 33, naptr = 35,
    dname = 39, opt = 41, ds = 43, sshfp = 44, rrsig = 46, nsec = 47, dnskey = 48, nsec3 = 50, nsec3param = 51,
    tlsa = 52, svcb = 64, https = 65, ixfr = 251, axfr = 252, any = 255, uri = 256, caa = 257,
};
// The mnemonics of RFC 1035 and its successors, as dig and tshark print them.
inline constexpr std::pair<dns_type, std::string_view> dns_type_names[] = {
    {dns_type::a, "A"},         {dns_type::ns, "NS"},         {dns_type::cname, "CNAME"},   {dns_type::soa, "SOA"},
    {dns_type::ptr, "PTR"},     {dns_type::hinfo, "HINFO"},   {dns_type::mx, "MX"},         {dns_type::txt, "TXT"},
    {dns_type::aaaa, "AAAA"},   {dns_type::srv, "SRV"},       {dns_type::naptr, "NAPTR"},   {dns_type::dname, "DNAME"},
    {dns_type::opt, "OPT"},     {dns_type::ds, "DS"},         {dns_type::sshfp, "SSHFP"},   {dns_type::rrsig, "RRSIG"},
    {dns_type::nsec, "NSEC"},   {dns_type::dnskey, "DNSKEY"}, {dns_type::nsec3, "NSEC3"},   {dns_type::nsec3param, "NSEC3PARAM"},
    {dns_type::tlsa, "TLSA"},   {dns_type::svcb, "SVCB"},     {dns_type::https, "HTTPS"},   {dns_type::ixfr, "IXFR"},
    {dns_type::axfr, "AXFR"},   {dns_type::any, "ANY"},       {dns_type::uri, "URI"},       {dns_type::caa, "CAA"},
};
constexpr std::string_view enum_name(dns_type t) {
    return name_in(dns_type_names, t);
}
inline constexpr std::uint16_t dns_class_in = 1;

// ---- names ---------------------------------------------------------------------------------

// A domain name as labels, case preserved. Names compare case-insensitively (RFC 4343).
struct dns_name {
    std::vector<std::string> labels{};
    // How the name was written in the message it was read from: so that a parsed message
    // re-serializes byte for byte, the writer repeats that form (a pointer after `labels_before`
    // labels, or none) when the target still holds the same labels; otherwise it compresses.
    struct wire_form {
        std::size_t labels_before = 0;
        std::optional<std::uint16_t> pointer{};  // empty: written in full
    };
    std::optional<wire_form> as_read{};

    // "www.example.com" or "www.example.com." (a final dot is allowed); "" and "." are the root.
    static dns_name from(std::string_view text) {
        dns_name n;
        while (!text.empty() && text != ".") {
            const auto dot = text.find('.');
            n.labels.emplace_back(text.substr(0, dot));
            if (dot == std::string_view::npos) break;
            text.remove_prefix(dot + 1);
        }
        return n;
    }
    std::string to_string() const {
        if (labels.empty()) return "<Root>";
        std::string s;
        for (const auto& l : labels) s += (s.empty() ? "" : ".") + l;
        return s;
    }
    // Octets in uncompressed wire form: a length octet per label and the final zero.
    constexpr std::size_t wire_size() const {
        std::size_t n = 1;
        for (const auto& l : labels) n += 1 + l.size();
        return n;
    }
    friend bool operator==(const dns_name& a, const dns_name& b) {
        if (a.labels.size() != b.labels.size()) return false;
        for (std::size_t i = 0; i < a.labels.size(); ++i)
            if (!equal_label(a.labels[i], b.labels[i])) return false;
        return true;
    }
    static constexpr bool equal_label(std::string_view a, std::string_view b) {  // ASCII case folded
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (lower(a[i]) != lower(b[i])) return false;
        return true;
    }
};


// ---- names written without compression (RFC 9460 2.2: the SVCB target) ---------------------

namespace detail {
inline constexpr std::size_t dns_max_name = 255;
}  // namespace detail

// A name in uncompressed wire form: length-prefixed labels and the final zero. A compression
// pointer is an error here, as is a label of type 0x40/0x80 or a name over 255 octets.
struct dns_plain_name_codec {
    using owned_type = dns_name;
    using view_type = dns_name;
    static constexpr bool self_delimiting = true;
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        for (std::size_t pos = 0;;) {
            if (pos >= in.size()) return where.fail(error_kind::truncated, pos, pos + 1, in.size());
            const unsigned length = std::to_integer<unsigned>(in[pos]);
            if (length >= 0xc0) return where.fail(error_kind::malformed, pos, length, 0, "compression is not allowed in this name");
            if (length & 0xc0) return where.fail(error_kind::malformed, pos, length, 0, "label type 0x40/0x80 is not supported");
            if (pos + 1 + length > detail::dns_max_name)
                return where.fail(error_kind::limit_exceeded, pos, pos + 1 + length, detail::dns_max_name, "name length");
            if (length == 0) return pos + 1;
            if (pos + 1 + length > in.size()) return where.fail(error_kind::truncated, pos, pos + 1 + length, in.size());
            pos += 1 + length;
        }
    }
    dns_name view_of(detail::bytes_view in) const {
        dns_name n;
        for (std::size_t pos = 0; std::to_integer<unsigned>(in[pos]) != 0;) {
            const std::size_t length = std::to_integer<unsigned>(in[pos]);
            n.labels.emplace_back(reinterpret_cast<const char*>(in.data() + pos + 1), length);
            pos += 1 + length;
        }
        return n;
    }
    dns_name to_owned(const dns_name& n) const { return n; }
    constexpr std::size_t size(const dns_name& n) const { return n.wire_size(); }
    constexpr result<std::size_t> write(const dns_name& n, detail::bytes_span out, const location& where) const {
        if (n.wire_size() > detail::dns_max_name) return where.fail(error_kind::limit_exceeded, 0, n.wire_size(), detail::dns_max_name, "name length");
        std::size_t pos = 0;
        for (const auto& label : n.labels) {
            if (label.empty() || label.size() > 63) return where.fail(error_kind::value_too_large, pos, label.size(), 6);
            out[pos] = static_cast<std::byte>(label.size());
            for (std::size_t i = 0; i < label.size(); ++i) out[pos + 1 + i] = static_cast<std::byte>(label[i]);
            pos += 1 + label.size();
        }
        out[pos] = std::byte{0};
        return pos + 1;
    }
};
inline constexpr dns_plain_name_codec dns_plain_name{};

// ---- record data with compressible names: written by the message codec ----------------------

struct dns_mx {
    std::uint16_t preference = 0;
    dns_name exchange{};
    bool operator==(const dns_mx&) const = default;
};
struct dns_soa {
    dns_name primary{}, mailbox{};
    std::uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;
    bool operator==(const dns_soa&) const = default;
};
struct dns_srv {
    std::uint16_t priority = 0, weight = 0, port = 0;
    dns_name target{};
    bool operator==(const dns_srv&) const = default;
};
struct dns_nsec {  // RFC 4034 4.1
    dns_name next_domain{};
    std::vector<std::byte> type_bitmaps{};  // windows: number, length, bits (see for_each_nsec_type)
    bool operator==(const dns_nsec&) const = default;
};
struct dns_rrsig {  // RFC 4034 3.1
    dns_type type_covered = dns_type::a;
    std::uint8_t algorithm = 0, labels = 0;
    std::uint32_t original_ttl = 0, expiration = 0, inception = 0;  // times: seconds since 1970 (mod 2^32)
    std::uint16_t key_tag = 0;
    dns_name signer{};
    std::vector<std::byte> signature{};
    bool operator==(const dns_rrsig&) const = default;
};
struct dns_caa {  // RFC 8659
    std::uint8_t flags = 0;  // 0x80: issuer critical
    std::string tag{};       // "issue", "issuewild", "iodef", ...
    std::string value{};
    bool operator==(const dns_caa&) const = default;
};
struct dns_txt {
    std::vector<std::string> strings{};  // each up to 255 octets
    bool operator==(const dns_txt&) const = default;
};
// The types an NSEC type bitmap lists, in order.
template <class F>
constexpr void for_each_nsec_type(std::span<const std::byte> bitmaps, F&& f) {
    for (std::size_t at = 0; at + 2 <= bitmaps.size();) {
        const unsigned window = std::to_integer<unsigned>(bitmaps[at]);
        const std::size_t length = std::to_integer<unsigned>(bitmaps[at + 1]);
        for (std::size_t i = 0; i < length && at + 2 + i < bitmaps.size(); ++i)
            for (unsigned bit = 0; bit < 8; ++bit)
                if (std::to_integer<unsigned>(bitmaps[at + 2 + i]) & (0x80u >> bit))
                    f(static_cast<std::uint16_t>(window * 256 + i * 8 + bit));
        at += 2 + length;
    }
}

namespace detail {
// A type bitmap (RFC 4034 4.1.2; NSEC3's is the same, RFC 5155 3.2.1): windows in increasing
// order, each a number, a length of 1 to 32 and that many octets. `where` locates its first octet.
constexpr std::optional<error> check_type_bitmaps(bytes_view bitmaps, const location& where) {
    std::optional<unsigned> previous;
    for (std::size_t at = 0; at < bitmaps.size();) {
        const std::size_t left = bitmaps.size() - at;
        if (left < 2) return where.fail(error_kind::truncated, at, 2, left, "type bitmap window");
        const unsigned window = std::to_integer<unsigned>(bitmaps[at]);
        const std::size_t length = std::to_integer<unsigned>(bitmaps[at + 1]);
        if (previous && window <= *previous)
            return where.fail(error_kind::malformed, at, window, *previous, "type bitmap windows out of increasing order");
        if (length == 0 || length > 32) return where.fail(error_kind::out_of_range, at + 1, length, 32, "type bitmap window length");
        if (length > left - 2) return where.fail(error_kind::length_inconsistent, at + 1, length, left - 2, "type bitmap window");
        previous = window;
        at += 2 + length;
    }
    return std::nullopt;
}
}  // namespace detail

// The octets of a type bitmap, filling the rest of the record data, checked at parse.
struct dns_type_bitmaps_codec : bytes_codec {
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        if (auto e = detail::check_type_bitmaps(in, where)) return *e;
        return in.size();
    }
};
inline constexpr dns_type_bitmaps_codec dns_type_bitmaps{};

// ---- record data as schemas ---------------------------------------------------------------

struct dns_ds {  // RFC 4034 5.1: the digest of a child zone's DNSKEY
    std::uint16_t key_tag = 0;
    std::uint8_t algorithm = 0;    // 8 RSA/SHA-256, 13 ECDSA P-256, 15 Ed25519, ...
    std::uint8_t digest_type = 0;  // 1 SHA-1, 2 SHA-256, 4 SHA-384
    std::vector<std::byte> digest{};
    bool operator==(const dns_ds&) const = default;
    static consteval auto schema() {
        return wirecraft::schema<"dns_ds">(field<"key_tag", &dns_ds::key_tag>(), field<"algorithm", &dns_ds::algorithm>(),
                                           field<"digest_type", &dns_ds::digest_type>(), field<"digest", &dns_ds::digest>(rest));
    }
};

struct dns_dnskey {  // RFC 4034 2.1
    std::uint16_t flags = 0;      // 0x0100 zone key, 0x0001 secure entry point (KSK)
    std::uint8_t protocol = 3;    // always 3
    std::uint8_t algorithm = 0;
    std::vector<std::byte> public_key{};
    bool operator==(const dns_dnskey&) const = default;
    static consteval auto schema() {
        return wirecraft::schema<"dns_dnskey">(field<"flags", &dns_dnskey::flags>(), field<"protocol", &dns_dnskey::protocol>(),
                                               field<"algorithm", &dns_dnskey::algorithm>(), field<"public_key", &dns_dnskey::public_key>(rest));
    }
};

// NSEC3 (RFC 5155 3.2): the hashed next owner name of a zone's hash chain, the hash's
// parameters, and the types at the hashed owner (a bitmap as NSEC's: for_each_nsec_type).
struct dns_nsec3 {
    std::uint8_t hash_algorithm = 1;  // 1 SHA-1
    std::uint8_t flags = 0;           // 0x01 opt-out
    std::uint16_t iterations = 0;
    std::vector<std::byte> salt{};
    std::vector<std::byte> next_hashed_owner{};  // the raw hash (shown in base32hex)
    std::vector<std::byte> type_bitmaps{};
    bool operator==(const dns_nsec3&) const = default;
    static consteval auto schema() {
        return wirecraft::schema<"dns_nsec3">(
            field<"hash_algorithm", &dns_nsec3::hash_algorithm>(), field<"flags", &dns_nsec3::flags>(),
            field<"iterations", &dns_nsec3::iterations>(), field<"salt", &dns_nsec3::salt>(prefixed_bytes(1)),
            field<"next_hashed_owner", &dns_nsec3::next_hashed_owner>(prefixed_bytes(1).length_within(1, 255)),
            field<"type_bitmaps", &dns_nsec3::type_bitmaps>(dns_type_bitmaps));
    }
};
// A hash as NSEC3 owner names and dig show it: base32 with the "extended hex" alphabet (RFC
// 4648 7, RFC 5155 3.3), lower case, without padding.
inline std::string to_base32hex(std::span<const std::byte> octets) {
    constexpr std::string_view digits = "0123456789abcdefghijklmnopqrstuv";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (auto octet : octets) {
        buffer = (buffer << 8) | std::to_integer<std::uint32_t>(octet);
        for (bits += 8; bits >= 5; bits -= 5) out += digits[(buffer >> (bits - 5)) & 31];
    }
    if (bits > 0) out += digits[(buffer << (5 - bits)) & 31];
    return out;
}
// NSEC3PARAM (RFC 5155 4.2): the parameters an authoritative server hashes names with.
struct dns_nsec3param {
    std::uint8_t hash_algorithm = 1;
    std::uint8_t flags = 0;  // zero in a zone's own record (4.1.2)
    std::uint16_t iterations = 0;
    std::vector<std::byte> salt{};
    bool operator==(const dns_nsec3param&) const = default;
    static consteval auto schema() {
        return wirecraft::schema<"dns_nsec3param">(field<"hash_algorithm", &dns_nsec3param::hash_algorithm>(),
                                                   field<"flags", &dns_nsec3param::flags>(), field<"iterations", &dns_nsec3param::iterations>(),
                                                   field<"salt", &dns_nsec3param::salt>(prefixed_bytes(1)));
    }
};
// TLSA (RFC 6698 2.1): a TLS server's certificate or key, or its hash, for DANE.
struct dns_tlsa {
    std::uint8_t certificate_usage = 3;  // 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE (RFC 7218)
    std::uint8_t selector = 1;           // 0 full certificate, 1 SubjectPublicKeyInfo
    std::uint8_t matching_type = 1;      // 0 exact, 1 SHA-256, 2 SHA-512
    std::vector<std::byte> certificate_association_data{};
    bool operator==(const dns_tlsa&) const = default;
    static consteval auto schema() {
        return wirecraft::schema<"dns_tlsa">(field<"certificate_usage", &dns_tlsa::certificate_usage>(),
                                             field<"selector", &dns_tlsa::selector>(), field<"matching_type", &dns_tlsa::matching_type>(),
                                             field<"certificate_association_data", &dns_tlsa::certificate_association_data>(rest));
    }
};

// RFC 4034 appendix B: the key tag that DS and RRSIG records use to name a DNSKEY, computed
// over its record data (flags, protocol, algorithm, public key).
constexpr std::uint16_t dns_key_tag(std::span<const std::byte> dnskey_rdata) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < dnskey_rdata.size(); ++i)
        sum += (i & 1) ? std::to_integer<std::uint32_t>(dnskey_rdata[i]) : std::to_integer<std::uint32_t>(dnskey_rdata[i]) << 8;
    sum += (sum >> 16) & 0xffff;
    return static_cast<std::uint16_t>(sum & 0xffff);
}

// SVCB and HTTPS (RFC 9460): a priority (0 = alias mode), a target name, and parameters as
// key-length-value items in strictly increasing key order.
enum class dns_svc_param_key : std::uint16_t {
    mandatory = 0, alpn = 1, no_default_alpn = 2, port = 3, ipv4hint = 4, ech = 5, ipv6hint = 6,
};
inline constexpr std::string_view dns_svc_param_key_names[] = {"mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint"};
constexpr std::string_view enum_name(dns_svc_param_key k) {
    const auto i = static_cast<std::size_t>(k);
    return i < std::size(dns_svc_param_key_names) ? dns_svc_param_key_names[i] : "";
}
using dns_svc_param = tlv_item<dns_svc_param_key>;
inline constexpr tlv_format dns_svc_param_format{.type_bytes = 2, .length_bytes = 2, .item_name = "SvcParam"};

struct dns_svc_mandatory {  // 0: the keys a client must understand
    std::vector<std::uint16_t> keys{};
    static consteval auto schema() { return wirecraft::schema<"svc_mandatory">(field<"keys", &dns_svc_mandatory::keys>(repeated(be16_element<std::uint16_t>))); }
};
struct dns_svc_alpn {  // 1: protocol ids, each with a length octet ("h2", "h3")
    std::vector<std::vector<std::byte>> ids{};
    static consteval auto schema() { return wirecraft::schema<"svc_alpn">(field<"ids", &dns_svc_alpn::ids>(repeated(prefixed_bytes(1)))); }
};
struct dns_svc_port {  // 3
    std::uint16_t port = 0;
    static consteval auto schema() { return wirecraft::schema<"svc_port">(field<"port", &dns_svc_port::port>()); }
};
struct dns_svc_ipv4hint {  // 4
    std::vector<ipv4_address> addresses{};
    static consteval auto schema() {
        return wirecraft::schema<"svc_ipv4hint">(field<"addresses", &dns_svc_ipv4hint::addresses>(repeated(octets_codec<ipv4_address>{})));
    }
};
struct dns_svc_ipv6hint {  // 6
    std::vector<ipv6_address> addresses{};
    static consteval auto schema() {
        return wirecraft::schema<"svc_ipv6hint">(field<"addresses", &dns_svc_ipv6hint::addresses>(repeated(octets_codec<ipv6_address>{})));
    }
};
// no-default-alpn (2) is empty and ech (5) is opaque: they have no typed body.
constexpr auto tlv_bodies(dns_svc_param_key) {
    using k = dns_svc_param_key;
    return tlv_body_list<tlv_body<k::mandatory, dns_svc_mandatory>, tlv_body<k::alpn, dns_svc_alpn>, tlv_body<k::port, dns_svc_port>,
                         tlv_body<k::ipv4hint, dns_svc_ipv4hint>, tlv_body<k::ipv6hint, dns_svc_ipv6hint>>{};
}

// The parameters, which RFC 9460 2.2 requires in strictly increasing key order (a record out
// of order is malformed); each known key's value must have its shape; and the keys `mandatory`
// lists must be ones the record has (RFC 9460 8).
struct dns_svc_params_codec : tlv_list_codec<dns_svc_param_key> {
    constexpr dns_svc_params_codec() : tlv_list_codec<dns_svc_param_key>{dns_svc_param_format} {}
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        auto n = tlv_list_codec<dns_svc_param_key>::measure(in, where);
        if (!n) return n;
        std::optional<std::uint16_t> previous;
        for (auto param : view_of(in)) {
            const auto key = static_cast<std::uint16_t>(param.kind);
            if (previous && key <= *previous)
                return where.fail(error_kind::malformed, param.offset, key, *previous, "SvcParamKeys out of increasing order");
            previous = key;
            if (auto e = check_tlv_body(param, location{where.protocol, where.field, where.offset + param.offset + 4})) return *e;
        }
        if (auto e = check_mandatory(in, where)) return *e;
        return n;
    }

private:
    // RFC 9460 8: mandatory lists one or more keys, none twice, not itself ("automatically
    // mandatory"), and each one the record has (a record that is not self-consistent is
    // rejected, 2.4.3). In order, mandatory (key 0) is the first parameter. The keys present are
    // a 65,536-bit set, so a long list costs one pass, not a search per key.
    constexpr std::optional<error> check_mandatory(detail::bytes_view in, const location& where) const {
        const auto params = view_of(in);
        if (params.begin() == params.end()) return std::nullopt;
        const auto mandatory = *params.begin();
        if (mandatory.kind != dns_svc_param_key::mandatory) return std::nullopt;
        const auto listed = mandatory.data;
        const std::size_t at = where.offset + mandatory.offset + 4;
        if (listed.empty()) return location{where.protocol, where.field, at}.fail(error_kind::malformed, 0, 0, 0, "mandatory lists no key");
        std::array<std::uint64_t, 1024> present{};
        for (auto param : params) {
            const auto key = static_cast<std::uint16_t>(param.kind);
            present[key / 64] |= std::uint64_t{1} << (key % 64);
        }
        for (std::size_t i = 0; i + 1 < listed.size(); i += 2) {
            const auto key = static_cast<std::uint16_t>(detail::load_be(listed.data() + i, 2));
            const location here{where.protocol, where.field, at + i};
            if (key == 0) return here.fail(error_kind::malformed, 0, key, 0, "mandatory lists itself");
            if (!(present[key / 64] & (std::uint64_t{1} << (key % 64)))) {
                for (std::size_t j = 0; j < i; j += 2)
                    if (detail::load_be(listed.data() + j, 2) == key) return here.fail(error_kind::malformed, 0, key, 0, "mandatory lists a key twice");
                return here.fail(error_kind::malformed, 0, key, 0, "a mandatory key is not among the parameters");
            }
            present[key / 64] &= ~(std::uint64_t{1} << (key % 64));  // a second listing then misses
        }
        return std::nullopt;
    }
};

struct dns_svcb {  // SVCB (64) and HTTPS (65)
    std::uint16_t priority = 1;  // 0: alias mode (the target is an alias, no parameters)
    dns_name target{};           // the root ("." / empty) means the owner name itself
    std::vector<dns_svc_param> params{};
    bool operator==(const dns_svcb&) const = default;
    static consteval auto schema() {
        return wirecraft::schema<"dns_svcb">(field<"priority", &dns_svcb::priority>(), field<"target", &dns_svcb::target>(dns_plain_name),
                                             field<"params", &dns_svcb::params>(dns_svc_params_codec{}));
    }
};

// EDNS0 (RFC 6891): an OPT record's data is options, each a code, a length and data.
enum class dns_edns_option_code : std::uint16_t {
    llq = 1, update_lease = 2, nsid = 3, owner = 4, dau = 5, dhu = 6, n3u = 7, client_subnet = 8, expire = 9, cookie = 10,
    tcp_keepalive = 11, padding = 12, chain = 13, key_tag = 14, extended_error = 15,
};
inline constexpr std::string_view dns_edns_option_names[] = {"", "llq", "update_lease", "nsid", "owner", "dau", "dhu", "n3u",
                                                             "client_subnet", "expire", "cookie", "tcp_keepalive", "padding",
                                                             "chain", "key_tag", "extended_error"};
constexpr std::string_view enum_name(dns_edns_option_code c) {
    const auto i = static_cast<std::size_t>(c);
    return i < std::size(dns_edns_option_names) ? dns_edns_option_names[i] : "";
}
using dns_edns_option = tlv_item<dns_edns_option_code>;

struct dns_edns_client_subnet {  // 8, RFC 7871 6: the address keeps only the source prefix's octets
    std::uint16_t family = 1;    // 1 IPv4, 2 IPv6
    std::uint8_t source_prefix = 0, scope_prefix = 0;
    std::vector<std::byte> address{};
    static consteval auto schema() {
        return wirecraft::schema<"edns_client_subnet">(
            field<"family", &dns_edns_client_subnet::family>(), field<"source_prefix", &dns_edns_client_subnet::source_prefix>(),
            field<"scope_prefix", &dns_edns_client_subnet::scope_prefix>(),
            field<"address", &dns_edns_client_subnet::address>(bytes).sized_by((ref<"source_prefix"> + 7) / 8));
    }
};
struct dns_edns_cookie {  // 10, RFC 7873 4: an 8-octet client cookie, then 8 to 32 octets from the server
    address_octets<8> client{};
    std::vector<std::byte> server{};
    static consteval auto schema() {
        return wirecraft::schema<"edns_cookie">(field<"client", &dns_edns_cookie::client>(), field<"server", &dns_edns_cookie::server>(rest));
    }
};
struct dns_edns_bytes {  // NSID (3, RFC 5001) and padding (12, RFC 7830): octets
    std::vector<std::byte> data{};
    static consteval auto schema() { return wirecraft::schema<"edns_bytes">(field<"data", &dns_edns_bytes::data>(rest)); }
};
struct dns_edns_extended_error {  // 15, RFC 8914
    std::uint16_t info_code = 0;
    std::string extra_text{};
    static consteval auto schema() {
        return wirecraft::schema<"edns_extended_error">(field<"info_code", &dns_edns_extended_error::info_code>(),
                                                        field<"extra_text", &dns_edns_extended_error::extra_text>(text));
    }
};
constexpr auto tlv_bodies(dns_edns_option_code) {
    using c = dns_edns_option_code;
    return tlv_body_list<tlv_body<c::nsid, dns_edns_bytes>, tlv_body<c::client_subnet, dns_edns_client_subnet>,
                         tlv_body<c::cookie, dns_edns_cookie>, tlv_body<c::padding, dns_edns_bytes>,
                         tlv_body<c::extended_error, dns_edns_extended_error>>{};
}

inline constexpr tlv_format dns_edns_option_format{.type_bytes = 2, .length_bytes = 2, .item_name = "EDNS option"};

// The OPT record's data. Its other EDNS fields live in the record's class (the UDP payload
// size) and TTL (extended rcode, version, DO): see dns_edns_record().
struct dns_edns {
    std::vector<dns_edns_option> options{};
    bool operator==(const dns_edns&) const = default;
    static consteval auto schema() {
        return wirecraft::schema<"dns_edns">(field<"options", &dns_edns::options>(
            tlv_list<dns_edns_option_code, dns_edns_option_format>()));
    }
};

namespace detail {
// The common records' data accepted inline (addresses, OPT), on the message parse's hot path:
// true only where dns.hpp's check_dns_rdata accepts it too; false sends the record there.
constexpr bool dns_rdata_fits(bytes_view message, dns_type type, std::size_t start, std::size_t length) {
    switch (type) {
        case dns_type::a: return length == 4;
        case dns_type::aaaa: return length == 16;
        case dns_type::opt: return tlv_items_fill(message.subspan(start, length), dns_edns_option_format);
        default: return false;
    }
}
}  // namespace detail

// The record types whose data is a schema: the message codec checks their data against it at
// parse (it must be exactly what the schema takes), views read it with record.data<type>(),
// and the writer writes it through the engine.
constexpr auto tlv_bodies(dns_type) {
    return tlv_body_list<tlv_body<dns_type::ds, dns_ds>, tlv_body<dns_type::dnskey, dns_dnskey>, tlv_body<dns_type::nsec3, dns_nsec3>,
                         tlv_body<dns_type::nsec3param, dns_nsec3param>, tlv_body<dns_type::tlsa, dns_tlsa>,
                         tlv_body<dns_type::svcb, dns_svcb>, tlv_body<dns_type::https, dns_svcb>, tlv_body<dns_type::opt, dns_edns>>{};
}

}  // namespace wirecraft
