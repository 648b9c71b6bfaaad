// result<T>: a value or an error. Hand-written rather than std::variant because clang 14
// cannot evaluate libstdc++'s variant of non-trivial types in constant expressions.
#pragma once
#include <cstdlib>
#include <memory>
#include <type_traits>
#include <utility>

#include "error.hpp"

namespace wirecraft::detail {
[[noreturn]] inline void bad_result_access() { std::abort(); }
}  // namespace wirecraft::detail

namespace wirecraft {

template <class T>
class [[nodiscard]] result {
public:
    using value_type = T;

    constexpr result(const T& v) : ok_(true) { std::construct_at(&value_, v); }
    constexpr result(T&& v) : ok_(true) { std::construct_at(&value_, std::move(v)); }
    constexpr result(const error& e) : ok_(false) { std::construct_at(&error_, e); }
    template <class... Args>
    constexpr explicit result(std::in_place_t, Args&&... args) : ok_(true) { std::construct_at(&value_, std::forward<Args>(args)...); }

    constexpr result(const result& o) : ok_(o.ok_) {
        if (ok_) std::construct_at(&value_, o.value_);
        else std::construct_at(&error_, o.error_);
    }
    constexpr result(result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) : ok_(o.ok_) {
        if (ok_) std::construct_at(&value_, std::move(o.value_));
        else std::construct_at(&error_, o.error_);
    }
    constexpr result& operator=(const result& o) {
        if (this != &o) { reset(); ok_ = o.ok_; if (ok_) std::construct_at(&value_, o.value_); else std::construct_at(&error_, o.error_); }
        return *this;
    }
    constexpr result& operator=(result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) {
        if (this != &o) { reset(); ok_ = o.ok_; if (ok_) std::construct_at(&value_, std::move(o.value_)); else std::construct_at(&error_, o.error_); }
        return *this;
    }
    constexpr ~result() { reset(); }

    constexpr bool has_value() const noexcept { return ok_; }
    constexpr explicit operator bool() const noexcept { return ok_; }

    // Reading the value of an error is a programming error: it stops the program (and does not
    // compile in constant evaluation) rather than read an inactive union member.
    constexpr T& value() & noexcept { if (!ok_) detail::bad_result_access(); return value_; }
    constexpr const T& value() const& noexcept { if (!ok_) detail::bad_result_access(); return value_; }
    constexpr T&& value() && noexcept { if (!ok_) detail::bad_result_access(); return std::move(value_); }
    template <class U>
    constexpr T value_or(U&& fallback) const& { return ok_ ? value_ : static_cast<T>(std::forward<U>(fallback)); }
    constexpr T& operator*() & noexcept { return value_; }
    constexpr const T& operator*() const& noexcept { return value_; }
    constexpr T* operator->() noexcept { return &value_; }
    constexpr const T* operator->() const noexcept { return &value_; }

    constexpr const wirecraft::error& error() const noexcept { return error_; }

private:
    constexpr void reset() noexcept {
        if (ok_) std::destroy_at(&value_);
    }
    bool ok_;
    union {
        T value_;
        wirecraft::error error_;
    };
};

}  // namespace wirecraft
