extension Request {
    /// The fields of an `application/x-www-form-urlencoded` body, decoded (`+` is a space), in order.
    /// Throws 415 for another content type and 400 for a body that is not valid percent-encoded UTF-8.
    public func formFields() throws(HTTPError) -> [(name: String, value: String)] {
        guard contentType == "application/x-www-form-urlencoded" else {
            throw HTTPError(
                .unsupportedMediaType, code: "unsupported_media_type",
                message: "Send the form as application/x-www-form-urlencoded.")
        }
        guard let fields = PercentEncoding.parseQuery(Substring(String(decoding: body, as: UTF8.self))) else {
            throw HTTPError.badRequest("The form body is not valid percent-encoded UTF-8.", code: "malformed_form")
        }
        return fields
    }
}
