// Compile-time strings usable as template arguments: field and protocol names.
#pragma once
#include <cstddef>
#include <string_view>

namespace wirecraft {

template <std::size_t N>
struct fixed_string {
    char chars[N]{};  // includes the terminating NUL

    constexpr fixed_string(const char (&text)[N]) noexcept {
        for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
    }
    constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
    constexpr operator std::string_view() const noexcept { return view(); }
    static constexpr std::size_t length = N - 1;
};

template <fixed_string A, fixed_string B>
inline constexpr bool same_name = A.view() == B.view();

}  // namespace wirecraft
