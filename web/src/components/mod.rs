//! UI pieces shared by every feature: icons, brand, feedback states, a resource's states, form
//! fields, dialogs (delete confirmation too) and the delete panel, page headers, the list-page
//! shell and its "Load more" paging, toasts and the recording player.

pub mod audio;
pub mod brand;
pub mod confirm_delete;
pub mod danger_zone;
pub mod feedback;
pub mod form;
pub mod icons;
pub mod list_page;
pub mod loaded;
pub mod modal;
pub mod page;
pub mod paging;
pub mod range_filter;
pub mod toast;

pub use audio::{AudioPlayer, PlayButton, Playback, ProgressLine, Track};
pub use brand::{Logo, LogoMark};
pub use confirm_delete::{ConfirmDelete, gone_is_deleted};
pub use danger_zone::DangerZone;
pub use feedback::{EmptyState, ErrorBanner, Spinner, Splash};
pub use form::{Binding, FormError, SelectField, SubmitButton, TextArea, TextField, Toggle};
pub use icons::{Icon, Svg};
pub use list_page::{CreateLink, ListPage};
pub use loaded::Loaded;
pub use modal::Modal;
pub use page::{
    CardGridSkeleton, DetailsSkeleton, MissingState, PageHeader, ReadOnlyNote, id_param,
};
pub use paging::{MorePages, PagedRows};
pub use range_filter::{RangeFilter, RangeIds};
pub use toast::{Toaster, Toasts, use_toasts};
