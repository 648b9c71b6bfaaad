// TLS ClientHello and ServerHello (RFC 8446 4.1.2-4.1.4, RFC 5246 7.4.1) and their extensions
// (RFC 8446 4.2, RFC 6066, RFC 7301, RFC 8422, ...). The body of a tls_handshake of type
// client_hello or server_hello.
//
//   ClientHello: | legacy_version (16) | random (32 bytes) | session_id <0..32> |
//                | cipher_suites <2..2^16-2> | compression_methods <1..2^8-1> | extensions <0..2^16-1> |
//   ServerHello: | legacy_version | random | session_id <0..32> | cipher_suite (16) |
//                | compression_method (8) | extensions <0..2^16-1> |
//
// Extensions are type-length-value items (2 + 2 bytes). Unknown ones are kept raw, so a hello
// re-serializes byte for byte. A hello from before RFC 3546 has no extensions block at all,
// which stays apart from an empty one. The known bodies are schemas of their own (tlv_bodies,
// before the hellos); where a body differs between ClientHello and ServerHello (supported_versions,
// key_share, pre_shared_key), tlv_bodies names the ClientHello form and the server forms are
// parsed by name. The list keeps an index its parse fills (tls_extension_index), so a typed body
// is found without walking the list.
#pragma once
#include <array>
#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "../schema.hpp"
#include "tls.hpp"

namespace wirecraft {

enum class tls_extension_type : std::uint16_t {
    server_name = 0, max_fragment_length = 1, client_certificate_url = 2, trusted_ca_keys = 3, truncated_hmac = 4,
    status_request = 5, user_mapping = 6, client_authz = 7, server_authz = 8, cert_type = 9, supported_groups = 10,
    ec_point_formats = 11, srp = 12, signature_algorithms = 13, use_srtp = 14, heartbeat = 15,
    application_layer_protocol_negotiation = 16, status_request_v2 = 17, signed_certificate_timestamp = 18,
    client_certificate_type = 19, server_certificate_type = 20, padding = 21, encrypt_then_mac = 22,
    extended_master_secret = 23, token_binding = 24, cached_info = 25, compress_certificate = 27,
    record_size_limit = 28, delegated_credential = 34, session_ticket = 35, pre_shared_key = 41, early_data = 42,
    supported_versions = 43, cookie = 44, psk_key_exchange_modes = 45, certificate_authorities = 47,
    oid_filters = 48, post_handshake_auth = 49, signature_algorithms_cert = 50, key_share = 51,
    transparency_info = 52, connection_id = 54, quic_transport_parameters = 57, next_protocol_negotiation = 13172,
    application_settings = 17513, encrypted_client_hello = 65037, renegotiation_info = 65281,
};
inline constexpr std::pair<tls_extension_type, std::string_view> tls_extension_names[] = {
#define WIRECRAFT_TLS_EXTENSION(name) {tls_extension_type::name, #name}
    WIRECRAFT_TLS_EXTENSION(server_name), WIRECRAFT_TLS_EXTENSION(max_fragment_length),
    WIRECRAFT_TLS_EXTENSION(client_certificate_url), WIRECRAFT_TLS_EXTENSION(trusted_ca_keys),
    WIRECRAFT_TLS_EXTENSION(truncated_hmac), WIRECRAFT_TLS_EXTENSION(status_request), WIRECRAFT_TLS_EXTENSION(user_mapping),
    WIRECRAFT_TLS_EXTENSION(client_authz), WIRECRAFT_TLS_EXTENSION(server_authz), WIRECRAFT_TLS_EXTENSION(cert_type),
    WIRECRAFT_TLS_EXTENSION(supported_groups), WIRECRAFT_TLS_EXTENSION(ec_point_formats), WIRECRAFT_TLS_EXTENSION(srp),
    WIRECRAFT_TLS_EXTENSION(signature_algorithms), WIRECRAFT_TLS_EXTENSION(use_srtp), WIRECRAFT_TLS_EXTENSION(heartbeat),
    WIRECRAFT_TLS_EXTENSION(application_layer_protocol_negotiation), WIRECRAFT_TLS_EXTENSION(status_request_v2),
    WIRECRAFT_TLS_EXTENSION(signed_certificate_timestamp), WIRECRAFT_TLS_EXTENSION(client_certificate_type),
    WIRECRAFT_TLS_EXTENSION(server_certificate_type), WIRECRAFT_TLS_EXTENSION(padding),
    WIRECRAFT_TLS_EXTENSION(encrypt_then_mac), WIRECRAFT_TLS_EXTENSION(extended_master_secret),
    WIRECRAFT_TLS_EXTENSION(token_binding), WIRECRAFT_TLS_EXTENSION(cached_info), WIRECRAFT_TLS_EXTENSION(compress_certificate),
    WIRECRAFT_TLS_EXTENSION(record_size_limit), WIRECRAFT_TLS_EXTENSION(delegated_credential),
    WIRECRAFT_TLS_EXTENSION(session_ticket), WIRECRAFT_TLS_EXTENSION(pre_shared_key), WIRECRAFT_TLS_EXTENSION(early_data),
    WIRECRAFT_TLS_EXTENSION(supported_versions), WIRECRAFT_TLS_EXTENSION(cookie), WIRECRAFT_TLS_EXTENSION(psk_key_exchange_modes),
    WIRECRAFT_TLS_EXTENSION(certificate_authorities), WIRECRAFT_TLS_EXTENSION(oid_filters),
    WIRECRAFT_TLS_EXTENSION(post_handshake_auth), WIRECRAFT_TLS_EXTENSION(signature_algorithms_cert),
    WIRECRAFT_TLS_EXTENSION(key_share), WIRECRAFT_TLS_EXTENSION(transparency_info), WIRECRAFT_TLS_EXTENSION(connection_id),
    WIRECRAFT_TLS_EXTENSION(quic_transport_parameters), WIRECRAFT_TLS_EXTENSION(next_protocol_negotiation),
    WIRECRAFT_TLS_EXTENSION(application_settings), WIRECRAFT_TLS_EXTENSION(encrypted_client_hello),
    WIRECRAFT_TLS_EXTENSION(renegotiation_info),
#undef WIRECRAFT_TLS_EXTENSION
};
constexpr std::string_view enum_name(tls_extension_type t) {
    const std::string_view name = name_in(tls_extension_names, t);
    return name.empty() && is_grease(static_cast<std::uint16_t>(t)) ? "grease" : name;
}

using tls_extension = tlv_item<tls_extension_type>;
inline constexpr tlv_format tls_extension_format{.type_bytes = 2, .length_bytes = 2, .item_name = "extension"};

// Random (32 bytes). A ServerHello whose random is SHA-256("HelloRetryRequest") is a
// HelloRetryRequest (RFC 8446 4.1.3).
struct tls_random : address_octets<32> {};
inline constexpr tls_random tls_hello_retry_request_random{{{
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c}}};

// ---- extension bodies ----------------------------------------------------------------------

// server_name (RFC 6066 3): a list of names; type 0 is a DNS host name.
struct tls_server_name {
    std::uint8_t name_type = 0;
    std::vector<std::byte> name{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_server_name">(field<"name_type", &tls_server_name::name_type>(),
                                                    field<"name", &tls_server_name::name>(prefixed_bytes(2).length_within(1, 0xffff)));
    }
};
struct tls_server_name_list {
    std::vector<tls_server_name> names{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_server_name_list">(
            field<"names", &tls_server_name_list::names>(prefixed_list(2, nested<tls_server_name>).length_within(1, 0xffff)));
    }
};

// A list of 16-bit code points behind a 2-byte length: supported_groups (RFC 8422 5.1.1,
// RFC 8446 4.2.7), signature_algorithms and signature_algorithms_cert (RFC 8446 4.2.3).
struct tls_code_point_list {
    std::vector<std::uint16_t> values{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_code_point_list">(
            field<"values", &tls_code_point_list::values>(prefixed_list(2, be16_element<std::uint16_t>).length_within(2, 0xffff)));
    }
};
// A list of 8-bit code points behind a 1-byte length: ec_point_formats (RFC 8422 5.1.2),
// psk_key_exchange_modes (RFC 8446 4.2.9).
struct tls_byte_code_list {
    std::vector<std::uint8_t> values{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_byte_code_list">(
            field<"values", &tls_byte_code_list::values>(prefixed_list(1, u8_element<std::uint8_t>).length_within(1, 0xff)));
    }
};

// application_layer_protocol_negotiation (RFC 7301 3.1): protocol names <1..2^8-1>.
struct tls_alpn {
    std::vector<std::vector<std::byte>> protocols{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_alpn">(field<"protocols", &tls_alpn::protocols>(prefixed_list(2, prefixed_bytes(1).length_within(1, 0xff)).length_within(2, 0xffff)));
    }
};

// supported_versions (RFC 8446 4.2.1): the client's list; the server's choice.
struct tls_supported_versions {
    std::vector<std::uint16_t> versions{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_supported_versions">(
            field<"versions", &tls_supported_versions::versions>(prefixed_list(1, be16_element<std::uint16_t>).length_within(2, 254)));
    }
};
struct tls_selected_version {
    std::uint16_t version = tls_version::tls_1_3;
    static consteval auto schema() {
        return wirecraft::schema<"tls_selected_version">(field<"version", &tls_selected_version::version>());
    }
};

// key_share (RFC 8446 4.2.8): the client's shares; the server's one share; in a
// HelloRetryRequest, the group the server asks for.
struct tls_key_share_entry {
    std::uint16_t group = 0;
    std::vector<std::byte> key_exchange{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_key_share_entry">(field<"group", &tls_key_share_entry::group>(),
                                                        field<"key_exchange", &tls_key_share_entry::key_exchange>(prefixed_bytes(2).length_within(1, 0xffff)));
    }
};
struct tls_key_share_client {
    std::vector<tls_key_share_entry> shares{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_key_share_client">(
            field<"shares", &tls_key_share_client::shares>(prefixed_list(2, nested<tls_key_share_entry>)));
    }
};
struct tls_key_share_retry {
    std::uint16_t selected_group = 0;
    static consteval auto schema() {
        return wirecraft::schema<"tls_key_share_retry">(field<"selected_group", &tls_key_share_retry::selected_group>());
    }
};

// pre_shared_key (RFC 8446 4.2.11): the client's identities and binders; the server's choice.
struct tls_psk_identity {
    std::vector<std::byte> identity{};
    std::uint32_t obfuscated_ticket_age = 0;
    static consteval auto schema() {
        return wirecraft::schema<"tls_psk_identity">(field<"identity", &tls_psk_identity::identity>(prefixed_bytes(2).length_within(1, 0xffff)),
                                                     field<"obfuscated_ticket_age", &tls_psk_identity::obfuscated_ticket_age>());
    }
};
struct tls_pre_shared_key_client {
    std::vector<tls_psk_identity> identities{};
    std::vector<std::vector<std::byte>> binders{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_pre_shared_key_client">(
            field<"identities", &tls_pre_shared_key_client::identities>(prefixed_list(2, nested<tls_psk_identity>).length_within(7, 0xffff)),
            field<"binders", &tls_pre_shared_key_client::binders>(prefixed_list(2, prefixed_bytes(1).length_within(32, 255)).length_within(33, 0xffff)));
    }
};
struct tls_pre_shared_key_server {
    std::uint16_t selected_identity = 0;
    static consteval auto schema() {
        return wirecraft::schema<"tls_pre_shared_key_server">(field<"selected_identity", &tls_pre_shared_key_server::selected_identity>());
    }
};

// status_request (RFC 6066 8), as a client sends it: OCSP (1), responder ids, extensions.
struct tls_status_request {
    std::uint8_t status_type = 1;
    std::vector<std::byte> responder_id_list{};
    std::vector<std::byte> request_extensions{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_status_request">(
            field<"status_type", &tls_status_request::status_type>(),
            field<"responder_id_list", &tls_status_request::responder_id_list>(prefixed_bytes(2)),
            field<"request_extensions", &tls_status_request::request_extensions>(prefixed_bytes(2)));
    }
};

// One opaque value behind a length: renegotiation_info (RFC 5746, 1 byte), cookie (RFC 8446
// 4.2.2, 2 bytes).
struct tls_renegotiation_info {
    std::vector<std::byte> renegotiated_connection{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_renegotiation_info">(
            field<"renegotiated_connection", &tls_renegotiation_info::renegotiated_connection>(prefixed_bytes(1)));
    }
};
struct tls_cookie {
    std::vector<std::byte> cookie{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_cookie">(field<"cookie", &tls_cookie::cookie>(prefixed_bytes(2).length_within(1, 0xffff)));
    }
};

// record_size_limit (RFC 8449).
struct tls_record_size_limit {
    std::uint16_t limit = tls_max_plaintext;
    static consteval auto schema() {
        return wirecraft::schema<"tls_record_size_limit">(field<"limit", &tls_record_size_limit::limit>().at_least(64));
    }
};

// compress_certificate (RFC 8879): algorithms <2..2^8-2>.
struct tls_compress_certificate {
    std::vector<std::uint16_t> algorithms{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_compress_certificate">(
            field<"algorithms", &tls_compress_certificate::algorithms>(prefixed_list(1, be16_element<std::uint16_t>).length_within(2, 254)));
    }
};

constexpr auto tlv_bodies(tls_extension_type) {
    using t = tls_extension_type;
    return tlv_body_list<tlv_body<t::server_name, tls_server_name_list>, tlv_body<t::supported_groups, tls_code_point_list>,
                         tlv_body<t::ec_point_formats, tls_byte_code_list>, tlv_body<t::signature_algorithms, tls_code_point_list>,
                         tlv_body<t::signature_algorithms_cert, tls_code_point_list>,
                         tlv_body<t::application_layer_protocol_negotiation, tls_alpn>,
                         tlv_body<t::status_request, tls_status_request>, tlv_body<t::supported_versions, tls_supported_versions>,
                         tlv_body<t::key_share, tls_key_share_client>, tlv_body<t::pre_shared_key, tls_pre_shared_key_client>,
                         tlv_body<t::psk_key_exchange_modes, tls_byte_code_list>, tlv_body<t::renegotiation_info, tls_renegotiation_info>,
                         tlv_body<t::cookie, tls_cookie>, tlv_body<t::record_size_limit, tls_record_size_limit>,
                         tlv_body<t::compress_certificate, tls_compress_certificate>>{};
}

// ---- the extension list --------------------------------------------------------------------

namespace detail {
// The extension types below 64 that have a typed body (tlv_bodies), each with a slot in the
// list's index: server_name, supported_groups, key_share... Derived from the body list, so a
// body declared there is indexed without another list to keep. The other types share one more
// slot, written and never read: the walk stores without a branch.
struct tls_extension_slot_table {
    std::array<std::uint8_t, 64> slot{};
    std::size_t count = 0;  // the slots that are read; `count` itself is the shared one
};
template <class... Entries>
constexpr tls_extension_slot_table tls_extension_slots(tlv_body_list<Entries...>) {
    tls_extension_slot_table table;
    for (auto& s : table.slot) s = 0xff;
    const std::uint16_t types[] = {static_cast<std::uint16_t>(Entries::kind)...};
    for (std::uint16_t t : types)
        if (t < 64 && table.slot[t] == 0xff) table.slot[t] = static_cast<std::uint8_t>(table.count++);
    for (auto& s : table.slot)
        if (s == 0xff) s = static_cast<std::uint8_t>(table.count);
    return table;
}
inline constexpr auto tls_extension_slot = tls_extension_slots(tlv_bodies(tls_extension_type{})).slot;
inline constexpr std::size_t tls_extension_slot_count = tls_extension_slots(tlv_bodies(tls_extension_type{})).count;

// Whether an extension before `pos` has the type of the one at `pos` (a look-back over the
// part of the list already validated). This and the next are rare paths: out of line, so the
// flattened parse of a hello stays small.
[[gnu::noinline, gnu::cold]] constexpr bool tls_type_seen_before(std::span<const std::byte> items, std::size_t pos) {
    const auto type = load_be(items.data() + pos, 2);
    for (std::size_t before = 0; before < pos; before += 4 + static_cast<std::size_t>(load_be(items.data() + before + 2, 2)))
        if (load_be(items.data() + before, 2) == type) return true;
    return false;
}
// The offset of the first extension whose type occurred before, in an exact 65,536-bit set;
// `items` must be a validated list.
[[gnu::noinline, gnu::cold]] constexpr std::optional<std::size_t> tls_first_duplicate_extension(std::span<const std::byte> items) {
    std::array<std::uint64_t, 1024> seen{};
    for (std::size_t pos = 0; pos < items.size(); pos += 4 + static_cast<std::size_t>(load_be(items.data() + pos + 2, 2))) {
        const auto type = static_cast<std::uint16_t>(load_be(items.data() + pos, 2));
        if (seen[type / 64] & (std::uint64_t{1} << (type % 64))) return pos;
        seen[type / 64] |= std::uint64_t{1} << (type % 64);
    }
    return std::nullopt;
}
}  // namespace detail

// What the list's measure learned on its one walk: the types below 64 present, and where those
// with a typed body sit. A parsed hello keeps it (view::parse_state), so finding those is a
// load, not a walk.
struct tls_extension_index {
    // Browsers' hellos carry up to about 20 extensions; a longer list is walked.
    static constexpr std::size_t max_listed = 24;

    std::span<const std::byte> items{};  // the list it indexes; empty data() for a list never measured
    std::uint64_t present = 0;           // bit t: an extension of type t < 64
    std::array<std::uint16_t, detail::tls_extension_slot_count + 1> at;  // offsets in items, by slot; read under `present`
    // Every extension's offset, in order, when there are at most max_listed: iterating then
    // loads offsets instead of following each length to the next (a chain of dependent loads).
    bool all_listed = false;
    std::uint8_t listed = 0;
    std::array<std::uint16_t, max_listed> order;  // read below `listed`

    // The two arrays are left unset at run time: every parse makes an index, and zeroing them
    // cost a ServerHello's parse more than half again. A constant may not copy unset values.
    constexpr tls_extension_index() {
        if (std::is_constant_evaluated()) {
            at = {};
            order = {};
        }
    }

    constexpr bool answers(tls_extension_type type) const { return items.data() != nullptr && static_cast<std::uint16_t>(type) < 64; }
    // The extension of a type it answers for, if the list has one.
    constexpr std::optional<tlv_item_view<tls_extension_type>> find(tls_extension_type type) const {
        const auto t = static_cast<std::uint16_t>(type);
        if (!(present & (std::uint64_t{1} << (t % 64)))) return std::nullopt;
        std::size_t pos = 0;
        if (const auto slot = detail::tls_extension_slot[t % 64]; slot < detail::tls_extension_slot_count) pos = at[slot];
        else  // present, without a slot: walk to it
            while (detail::load_be_narrow(items.data() + pos, 2) != t) pos += 4 + static_cast<std::size_t>(detail::load_be_narrow(items.data() + pos + 2, 2));
        return item_at(pos);
    }
    // The extension at `pos`, an offset the measure recorded (it checked that the item fits).
    constexpr tlv_item_view<tls_extension_type> item_at(std::size_t pos) const {
        const auto length = static_cast<std::size_t>(detail::load_be_narrow(items.data() + pos + 2, 2));
        return {static_cast<tls_extension_type>(detail::load_be_narrow(items.data() + pos, 2)), items.subspan(pos + 4, length), pos};
    }
};

// The extensions of a list, in order: from its index's offsets when the index lists them all,
// else by walking the list (which the index may not describe: then an item that does not fit
// ends it). Small, so that making one is cheap: no walking state when the index lists all.
class tls_extension_iterator {
public:
    using value_type = tlv_item_view<tls_extension_type>;
    using difference_type = std::ptrdiff_t;
    constexpr tls_extension_iterator() = default;
    constexpr tls_extension_iterator(const tls_extension_index& index, detail::bytes_view items, bool at_end)
        : index_(&index), items_(items), listed_(index.all_listed) {
        if (at_end) at_ = listed_ ? index.listed : items.size();
        else at_ = listed_ ? 0 : fitting(0);
    }
    constexpr value_type operator*() const {
        const std::size_t pos = listed_ ? index_->order[at_] : at_;
        const auto length = static_cast<std::size_t>(detail::load_be_narrow(items_.data() + pos + 2, 2));
        return {static_cast<tls_extension_type>(detail::load_be_narrow(items_.data() + pos, 2)), items_.subspan(pos + 4, length), pos};
    }
    constexpr tls_extension_iterator& operator++() {
        at_ = listed_ ? at_ + 1 : fitting(at_ + 4 + static_cast<std::size_t>(detail::load_be_narrow(items_.data() + at_ + 2, 2)));
        return *this;
    }
    constexpr tls_extension_iterator operator++(int) { auto c = *this; ++*this; return c; }
    constexpr bool operator==(const tls_extension_iterator& o) const { return at_ == o.at_; }

private:
    // `pos` if an item fits there, else the end.
    constexpr std::size_t fitting(std::size_t pos) const {
        const std::size_t left = items_.size() - pos;
        return left >= 4 && detail::load_be_narrow(items_.data() + pos + 2, 2) <= left - 4 ? pos : items_.size();
    }
    const tls_extension_index* index_ = nullptr;
    detail::bytes_view items_{};
    bool listed_ = false;
    std::size_t at_ = 0;  // listed: a position in the index's order; walking: an offset in items_
};

// A hello's extensions: the TLV list, plus find().
class tls_extension_list_view : public tlv_list_view<tls_extension_type, &tls_extension_format> {
public:
    using list = tlv_list_view<tls_extension_type, &tls_extension_format>;
    using iterator = tls_extension_iterator;
    constexpr tls_extension_list_view() = default;
    constexpr explicit tls_extension_list_view(const list& items, const tls_extension_index& index = {}) : list(items), index_(index) {}

    constexpr iterator begin() const { return iterator(index_, bytes(), false); }
    constexpr iterator end() const { return iterator(index_, bytes(), true); }
    constexpr std::size_t count() const { return index_.all_listed ? index_.listed : list::count(); }

    // The extension of type `type`, if the list has one.
    constexpr std::optional<tlv_item_view<tls_extension_type>> find(tls_extension_type type) const {
        if (index_.answers(type)) return index_.find(type);
        for (auto e : *this)
            if (e.kind == type) return e;
        return std::nullopt;
    }

private:
    tls_extension_index index_{};  // a copy: the list may outlive the hello's view
};

// extensions<0..2^16-1> (RFC 8446 4.2): the TLV framing, and no type twice (RFC 8446 4.2,
// RFC 5246 7.4.1.4), checked in one walk that also fills the index.
struct tls_extension_list_codec : tlv_list_codec<tls_extension_type, &tls_extension_format> {
    using list_codec = tlv_list_codec<tls_extension_type, &tls_extension_format>;
    using view_type = tls_extension_list_view;
    using parse_state = tls_extension_index;

    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        tls_extension_index unused;
        return measure(in, where, unused);
    }
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where, tls_extension_index& index) const {
        // Sets every field that guards a read (items, present, listed); slots and offsets are
        // written as found and read only under those.
        index.items = in;
        index.present = 0;
        index.all_listed = false;
        index.listed = 0;
        // Types below 64 are checked exactly by the index; higher ones pass a 256-bit filter
        // whose hits are confirmed by looking back. Past 64 of those, one exact 65,536-bit set
        // over the whole list once its framing is checked: a crafted list cannot make the
        // look-back quadratic.
        std::array<std::uint64_t, 4> filter{};
        std::uint64_t present = 0;  // a local, stored once: kept in the index, it made a chain through memory
        std::size_t high = 0, count = 0;
        auto duplicate = [&](std::size_t at) {
            return where.fail(error_kind::malformed, at, detail::load_be(in.data() + at, 2), 0, "the same extension type twice");
        };
        // The walk is the hello's hot loop (29 of the 37 ns a 14-extension hello took), so it is
        // kept short: the slot store has no branch, and nothing is called inside it (values kept
        // across a call were spilled to memory). An item that does not fit ends the loop; the
        // checked step words the error after it.
        const std::byte* const first = in.data();
        const std::byte* const last = first + in.size();
        const std::byte* p = first;
        while (last - p >= 4) {
            const auto type = static_cast<std::size_t>(detail::load_be_narrow(p, 2));
            const auto length = static_cast<std::size_t>(detail::load_be_narrow(p + 2, 2));
            if (static_cast<std::size_t>(last - p) - 4 < length) break;
            const auto pos = static_cast<std::uint16_t>(p - first);
            if (type < 64) {
                if (present & (std::uint64_t{1} << type)) return duplicate(pos);
                present |= std::uint64_t{1} << type;
                index.at[detail::tls_extension_slot[type]] = pos;
            } else if (++high <= 64) {
                // A multiplicative hash: the 16 GREASE types (0x?a?a) land on 16 bits. A shift-xor
                // put them all on two, so Chrome's two GREASE extensions took the look-back.
                const auto bit = static_cast<unsigned>(((type * 40503u) & 0xffffu) >> 8);
                if (filter[bit / 64] & (std::uint64_t{1} << (bit % 64)) && detail::tls_type_seen_before(in, pos)) return duplicate(pos);
                filter[bit / 64] |= std::uint64_t{1} << (bit % 64);
            }
            if (count < tls_extension_index::max_listed) index.order[count] = pos;
            ++count;
            p += 4 + length;
        }
        if (p != last) {  // an item that does not fit (the format has no pad or end items)
            const auto checked = detail::tlv_next_checked(in, static_cast<std::size_t>(p - first), tls_extension_format, where);
            return checked ? where.fail(error_kind::malformed, checked->next, 0, 0, "extension") : checked.error();
        }
        if (high > 64)
            if (const auto at = detail::tls_first_duplicate_extension(in)) return duplicate(*at);
        index.present = present;
        index.all_listed = count <= tls_extension_index::max_listed;
        index.listed = static_cast<std::uint8_t>(index.all_listed ? count : 0);
        return in.size();
    }
    constexpr view_type view_of(detail::bytes_view in) const { return view_type(list_codec::view_of(in)); }
    constexpr view_type view_of(detail::bytes_view in, const tls_extension_index& index) const {
        return view_type(list_codec::view_of(in), index);
    }
};

namespace detail {
// extensions<0..2^16-1>; in a hello, none at all when it ends before them.
inline constexpr auto tls_extension_list = prefixed_area(2, tls_extension_list_codec{});
inline constexpr auto tls_extensions_block = optional_at_end(tls_extension_list);
}  // namespace detail


struct tls_client_hello {
    std::uint16_t legacy_version = tls_version::tls_1_2;
    tls_random random{};
    std::vector<std::byte> session_id{};
    std::vector<std::uint16_t> cipher_suites{};
    std::vector<std::uint8_t> compression_methods{0};
    std::optional<std::vector<tls_extension>> extensions{std::vector<tls_extension>{}};

    static consteval auto schema() {
        return wirecraft::schema<"tls_client_hello">(
            field<"legacy_version", &tls_client_hello::legacy_version>(),
            field<"random", &tls_client_hello::random>(),
            field<"session_id", &tls_client_hello::session_id>(prefixed_bytes(1).length_within(0, 32)),
            field<"cipher_suites", &tls_client_hello::cipher_suites>(prefixed_list(2, be16_element<std::uint16_t>).length_within(2, 0xfffe)),
            field<"compression_methods", &tls_client_hello::compression_methods>(prefixed_list(1, u8_element<std::uint8_t>).length_within(1, 0xff)),
            field<"extensions", &tls_client_hello::extensions>(detail::tls_extensions_block));
    }
};

struct tls_server_hello {
    std::uint16_t legacy_version = tls_version::tls_1_2;
    tls_random random{};
    std::vector<std::byte> session_id{};
    std::uint16_t cipher_suite = 0;
    std::uint8_t compression_method = 0;
    std::optional<std::vector<tls_extension>> extensions{std::vector<tls_extension>{}};

    static consteval auto schema() {
        return wirecraft::schema<"tls_server_hello">(
            field<"legacy_version", &tls_server_hello::legacy_version>(),
            field<"random", &tls_server_hello::random>(),
            field<"session_id", &tls_server_hello::session_id>(prefixed_bytes(1).length_within(0, 32)),
            field<"cipher_suite", &tls_server_hello::cipher_suite>(),
            field<"compression_method", &tls_server_hello::compression_method>(),
            field<"extensions", &tls_server_hello::extensions>(detail::tls_extensions_block));
    }
};

// ---- reading hellos ------------------------------------------------------------------------

template <class Hello>
concept tls_hello = std::is_same_v<Hello, tls_client_hello> || std::is_same_v<Hello, tls_server_hello>;

// A hello from a handshake message's body: the whole body, with the vector bounds the schema
// declares and no extension type twice. Errors count from the body's first byte.
template <tls_hello Hello>
constexpr result<view<Hello>> parse_tls_hello(std::span<const std::byte> body) {
    return parse_exact<Hello>(body);
}

// The extension of type `type`, if the hello has one.
template <tls_hello Hello>
constexpr std::optional<tlv_item_view<tls_extension_type>> find_extension(const view<Hello>& hello, tls_extension_type type) {
    if (const auto& index = hello.parse_state(); index.answers(type)) return index.find(type);
    if (const auto extensions = hello.template get<"extensions">()) return extensions->find(type);
    return std::nullopt;
}

// A parsed hello's extensions in order, read through the index its parse kept. Unlike
// get<"extensions">(), whose list view copies the index so that it may outlive the hello's view,
// this borrows the hello's view: keep that alive while iterating. The cheaper way to visit every
// extension of a hello just parsed (the copy is read back right after the parse wrote it).
class tls_extension_range {
public:
    using list = tlv_list_view<tls_extension_type, &tls_extension_format>;
    constexpr explicit tls_extension_range(const tls_extension_index& index) : index_(&index) {}
    constexpr tls_extension_iterator begin() const { return {*index_, index_->items, false}; }
    constexpr tls_extension_iterator end() const { return {*index_, index_->items, true}; }
    constexpr std::size_t count() const { return index_->all_listed ? index_->listed : list(index_->items, tls_extension_format).count(); }

private:
    const tls_extension_index* index_;
};
template <tls_hello Hello>
constexpr tls_extension_range extensions_of(const view<Hello>& hello) {
    return tls_extension_range(hello.parse_state());
}
// The view of a temporary would leave the range dangling.
template <tls_hello Hello>
tls_extension_range extensions_of(const view<Hello>&&) = delete;

// An extension's data parsed as `Body`: nothing if the hello lacks it, an error (offset from
// the hello's first byte) if the data is not a well-formed `Body` filling the extension.
template <class Body, tls_hello Hello>
constexpr result<std::optional<view<Body>>> extension_body(const view<Hello>& hello, tls_extension_type type) {
    // The body is parsed where it will be returned: copying a just-built view would cost more
    // than the parse (the copy's wide loads wait on the view's narrow stores). The optional starts
    // engaged: made empty and returned by name, g++ zeroed all of it first (a rep stos, 5 ns).
    result<std::optional<view<Body>>> out{std::in_place, std::in_place, detail::unset_view_t{}};
    const auto e = find_extension(hello, type);
    if (!e) {
        out->reset();
        return out;
    }
    error err;
    if (!parse_exact_into(**out, e->data, {}, err)) out = err.shifted(static_cast<std::size_t>(e->data.data() - hello.bytes().data()));
    return out;
}
// The same, with the body tlv_bodies names for that type.
template <tls_extension_type Type, tls_hello Hello>
constexpr auto extension_body(const view<Hello>& hello) {
    return extension_body<tlv_body_type<Type>>(hello, Type);
}

// The first host name of server_name, as text.
inline std::optional<std::string_view> tls_server_name_of(const view<tls_client_hello>& hello) {
    const auto list = extension_body<tls_extension_type::server_name>(hello);
    if (!list || !*list) return std::nullopt;
    for (const auto& entry : (**list).get<"names">()) {
        if (entry.get<"name_type">() != 0) continue;
        const auto name = entry.get<"name">();
        return std::string_view(reinterpret_cast<const char*>(name.data()), name.size());
    }
    return std::nullopt;
}

// RFC 8446 4.1.3: a ServerHello with this random is a HelloRetryRequest.
constexpr bool is_hello_retry_request(const view<tls_server_hello>& hello) {
    return hello.template get<"random">() == tls_hello_retry_request_random;
}

// The version a ServerHello picks: supported_versions if present (TLS 1.3), else
// legacy_version; an error if supported_versions is there but malformed.
constexpr result<std::uint16_t> negotiated_version(const view<tls_server_hello>& hello) {
    auto selected = extension_body<tls_selected_version>(hello, tls_extension_type::supported_versions);
    if (!selected) return selected.error();
    if (*selected) return (**selected).get<"version">();
    return hello.get<"legacy_version">();
}
// ---- SSL 2.0-compatible ClientHello (RFC 5246 appendix E.2) ---------------------------------

// What an old client sends first to reach SSL 2.0 servers: a 2-byte header with the high bit set,
// msg_type 1, then the highest version it speaks. Recognised and reported, not parsed further.
struct sslv2_client_hello_info {
    std::uint16_t length = 0;   // of the message after the 2-byte header
    std::uint16_t version = 0;  // e.g. 0x0301: TLS 1.0 in an SSL 2.0 envelope
    std::uint16_t cipher_specs_length = 0, session_id_length = 0, challenge_length = 0;
};
constexpr std::optional<sslv2_client_hello_info> recognise_sslv2_client_hello(std::span<const std::byte> stream) {
    if (stream.size() < 11) return std::nullopt;
    auto u8 = [&](std::size_t i) { return std::to_integer<std::uint16_t>(stream[i]); };
    auto u16 = [&](std::size_t i) { return static_cast<std::uint16_t>(u8(i) << 8 | u8(i + 1)); };
    if ((u8(0) & 0x80) == 0 || u8(2) != 1) return std::nullopt;
    const sslv2_client_hello_info info{static_cast<std::uint16_t>(u16(0) & 0x7fff), u16(3), u16(5), u16(7), u16(9)};
    // The three lengths must fill the message; there is at least one 3-byte cipher spec, and
    // the challenge is 16 to 32 bytes (RFC 5246 E.2).
    if (9u + info.cipher_specs_length + info.session_id_length + info.challenge_length != info.length) return std::nullopt;
    if (info.cipher_specs_length == 0 || info.cipher_specs_length % 3 != 0) return std::nullopt;
    if (info.challenge_length < 16 || info.challenge_length > 32) return std::nullopt;
    if (u8(3) != 0x03 && info.version != 0x0002) return std::nullopt;
    return info;
}

// An SSL 2.0 server's answer to such a hello (the SSL 2.0 draft, 2.6): msg_type 4, then
// session_id_hit, certificate_type, the version, and the lengths of the certificate, the cipher
// specs and the connection id, which must fill the message. Recognised and reported.
struct sslv2_server_hello_info {
    std::uint16_t length = 0;  // of the message after the 2-byte header
    bool session_id_hit = false;
    std::uint8_t certificate_type = 0;  // 1: X.509
    std::uint16_t version = 0;
    std::uint16_t certificate_length = 0, cipher_specs_length = 0, connection_id_length = 0;
};
constexpr std::optional<sslv2_server_hello_info> recognise_sslv2_server_hello(std::span<const std::byte> stream) {
    if (stream.size() < 13) return std::nullopt;
    auto u8 = [&](std::size_t i) { return std::to_integer<std::uint16_t>(stream[i]); };
    auto u16 = [&](std::size_t i) { return static_cast<std::uint16_t>(u8(i) << 8 | u8(i + 1)); };
    if ((u8(0) & 0x80) == 0 || u8(2) != 4 || u8(3) > 1) return std::nullopt;
    const sslv2_server_hello_info info{static_cast<std::uint16_t>(u16(0) & 0x7fff), u8(3) == 1, static_cast<std::uint8_t>(u8(4)), u16(5),
                                       u16(7), u16(9), u16(11)};
    if (11u + info.certificate_length + info.cipher_specs_length + info.connection_id_length != info.length) return std::nullopt;
    if (info.cipher_specs_length % 3 != 0) return std::nullopt;
    return info;
}

}  // namespace wirecraft
