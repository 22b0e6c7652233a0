//! UI pieces shared by every feature: icons, brand, feedback states, a resource's states, form
//! fields, dialogs (delete confirmation too), page headers, the list-page shell, toasts and the
//! recording player.

pub mod audio;
pub mod brand;
pub mod confirm_delete;
pub mod feedback;
pub mod form;
pub mod icons;
pub mod list_page;
pub mod loaded;
pub mod modal;
pub mod page;
pub mod toast;

pub use audio::{AudioPlayer, PlayButton, Playback, ProgressLine, Track};
pub use brand::{Logo, LogoMark};
pub use confirm_delete::{ConfirmDelete, gone_is_deleted};
pub use feedback::{EmptyState, ErrorBanner, Spinner, Splash};
pub use form::{FormError, SelectField, SubmitButton, TextArea, TextField, Toggle};
pub use icons::{Icon, Svg};
pub use list_page::{CreateLink, ListPage};
pub use loaded::Loaded;
pub use modal::Modal;
pub use page::{
    CardGridSkeleton, DetailsSkeleton, LoadMore, MissingState, PageHeader, ReadOnlyNote, id_param,
};
pub use toast::{Toaster, Toasts, use_toasts};
