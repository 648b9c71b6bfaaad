// Shared by the tls and tls_hello fuzz targets: a hello body through parse_tls_hello, the
// round-trip properties, and every typed extension body (tlv_bodies' ClientHello forms and the
// ServerHello forms by name).
#pragma once
#include <wirecraft/proto/tls.hpp>
#include <wirecraft/proto/tls_hello.hpp>

#include "fuzz.hpp"

namespace wcfuzz {

template <class Hello, wc::tls_extension_type... Types>
void read_tls_bodies(const wc::view<Hello>& hello) {
    ((void)wc::extension_body<Types>(hello), ...);
}
template <class Hello, class... Entries>
void read_all_tls_bodies(const wc::view<Hello>& hello, wc::tlv_body_list<Entries...>) {
    read_tls_bodies<Hello, Entries::kind...>(hello);
}

template <class Hello>
void check_tls_hello(bytes_view body) {
    using ext = wc::tls_extension_type;
    auto hello = wc::parse_tls_hello<Hello>(body);
    if (!hello) {
        check_error(hello.error());
        return;
    }
    check_layer(*hello);
    // The index the parse filled finds exactly what a walk over the same list finds.
    if (const auto extensions = hello->template get<"extensions">()) {
        // The reference: the same bytes viewed without a parse (no index), walked by the engine's
        // generic TLV iterator rather than the TLS one under test.
        const auto unindexed = wc::tls_extension_list_codec{}.view_of(extensions->bytes());
        const auto& walked = static_cast<const wc::tls_extension_list_view::list&>(unindexed);
        auto walk_find = [&](ext type) -> std::optional<wc::tlv_item_view<ext>> {
            for (auto e : walked)
                if (e.kind == type) return e;
            return std::nullopt;
        };
        for (auto e : walked) {
            const auto found = wc::find_extension(*hello, e.kind);
            const auto first = walk_find(e.kind);
            if (!found || !first || found->offset != first->offset || found->data.size() != first->data.size())
                fail("the extension index must agree with a walk", std::to_string(static_cast<unsigned>(e.kind)));
        }
        // Iterating the parsed list (the index's offsets) gives what the walk gives.
        auto it = extensions->begin();
        for (auto e : walked) {
            if (it == extensions->end() || (*it).offset != e.offset || (*it).kind != e.kind || (*it).data.size() != e.data.size())
                fail("iterating the indexed list must give the walk's extensions", std::to_string(e.offset));
            ++it;
        }
        if (it != extensions->end()) fail("the indexed list must end where the walk ends", {});
        // The same through the hello's own index (extensions_of).
        auto own = wc::extensions_of(*hello).begin();
        const auto own_end = wc::extensions_of(*hello).end();
        for (auto e : walked) {
            if (own == own_end || (*own).offset != e.offset || (*own).kind != e.kind || (*own).data.data() != e.data.data() ||
                (*own).data.size() != e.data.size())
                fail("extensions_of must give the walk's extensions", std::to_string(e.offset));
            ++own;
        }
        if (own != own_end) fail("extensions_of must end where the walk ends", {});
        if (wc::extensions_of(*hello).count() != extensions->count()) fail("extensions_of must count what the list counts", {});
        for (unsigned t = 0; t < 64; ++t)
            if (wc::find_extension(*hello, static_cast<ext>(t)).has_value() != walk_find(static_cast<ext>(t)).has_value() ||
                unindexed.find(static_cast<ext>(t)).has_value() != walk_find(static_cast<ext>(t)).has_value())
                fail("the extension index must agree with a walk on absent types", std::to_string(t));
    }
    if (!hello->template get<"extensions">() && wc::extensions_of(*hello).begin() != wc::extensions_of(*hello).end())
        fail("a hello without extensions has none to iterate", {});
    read_all_tls_bodies(*hello, tlv_bodies(ext{}));
    if constexpr (std::is_same_v<Hello, wc::tls_client_hello>) {
        (void)wc::tls_server_name_of(*hello);
    } else {
        (void)wc::is_hello_retry_request(*hello);
        (void)wc::negotiated_version(*hello);
        (void)wc::extension_body<wc::tls_key_share_entry>(*hello, ext::key_share);
        (void)wc::extension_body<wc::tls_key_share_retry>(*hello, ext::key_share);
        (void)wc::extension_body<wc::tls_pre_shared_key_server>(*hello, ext::pre_shared_key);
    }
}

}  // namespace wcfuzz
