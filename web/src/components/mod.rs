//! UI pieces shared by every feature: icons, brand, feedback states, form fields, dialogs.

pub mod brand;
pub mod feedback;
pub mod form;
pub mod icons;
pub mod modal;

pub use brand::{Logo, LogoMark};
pub use feedback::{EmptyState, ErrorBanner, Spinner, Splash};
pub use form::{FormError, SubmitButton, TextField};
pub use icons::{Icon, Svg};
pub use modal::Modal;
