use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, DeriveInput};

/// `#[derive(JobName)]` adds `fn job_name() -> &'static str` returning the type's name.
#[proc_macro_derive(JobName)]
pub fn derive_job_name(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    let name = &input.ident;
    let text = name.to_string();
    quote! {
        impl #name {
            pub fn job_name() -> &'static str { #text }
        }
    }
    .into()
}
