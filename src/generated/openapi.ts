// Generated from openapi.yaml by `npm run generate` — do not edit.
/* eslint-disable */
export interface paths {
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in with email and password
         * @description Starts a 24-hour session. Sets the `access_token` (HttpOnly), `refresh_token` (HttpOnly, scoped to
         *     `/api/auth`) and `csrf_token` cookies, and returns the same tokens for non-browser clients.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End the current session
         * @description Revokes the session server-side (its access and refresh tokens stop working at once) and clears the cookies.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user's profile
         * @description Returns the account behind the access token.
         */
        get: operations["getCurrentUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for new tokens
         * @description Rotates the refresh token: the one presented is spent and a new one is returned. The token is
         *     read from the body or, failing that, from the `refresh_token` cookie (which then also needs the
         *     `X-CSRF-Token` header). Presenting a spent refresh token revokes the whole session.
         */
        post: operations["refreshSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a new account
         * @description Creates an account with the `user` role. Any other field (such as `role`) is refused.
         *     Usernames and emails are unique, case-insensitively.
         */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness probe
         * @description Answers as long as the process serves HTTP; it does not touch the database.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness probe
         * @description Checks that the database answers. A load balancer should route traffic only while this is 200.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This API description
         * @description The OpenAPI 3.1 document the server is built from, byte for byte.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List accounts
         * @description Managers and admins page through accounts, filtered by role, status or a text match on username and email.
         */
        get: operations["listUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Account id.
                 * @example 42
                 */
                id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        /**
         * Get one account
         * @description Managers and admins read any account; a user reads only their own.
         */
        get: operations["getUser"];
        /**
         * Update an account
         * @description Changes the given fields. Users and managers edit only their own profile; changing one's own
         *     password needs `current_password`. Only admins change `role` or `active`. With `If-Match`, the
         *     update applies only if the account is still at that ETag. Changing a password ends the account's
         *     other sessions.
         */
        put: operations["updateUser"];
        post?: never;
        /**
         * Deactivate an account
         * @description Admins only. The account is deactivated, not erased (its orders and history stay), and all its
         *     sessions end at once. The last active admin cannot be deactivated.
         */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AuthSession: {
            /** @description JWT for `Authorization: Bearer`. */
            access_token: string;
            /** @description The value to send as `X-CSRF-Token` with cookie-authenticated unsafe requests. */
            csrf_token: string;
            /** @description Seconds until the access token expires. */
            expires_in: number;
            /** @description Single use; exchange it at `/api/auth/refresh` for new tokens. */
            refresh_token: string;
            session_expires_at: components["schemas"]["Timestamp"];
            /** @constant */
            token_type: "Bearer";
            user: components["schemas"]["User"];
        };
        AuthSessionResponse: {
            data: components["schemas"]["AuthSession"];
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        /**
         * Format: email
         * @description Unique, case-insensitively.
         */
        Email: string;
        EmptyResponse: {
            data: null;
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        ErrorBody: {
            code: components["schemas"]["ErrorCode"];
            details: components["schemas"]["ErrorDetails"];
            /** @description A human-readable explanation. */
            message: string;
        };
        /**
         * @description The closed set of machine-readable error codes.
         * @enum {string}
         */
        ErrorCode: "VALIDATION_ERROR" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "INSUFFICIENT_STOCK" | "INVALID_STATE_TRANSITION" | "PRECONDITION_FAILED" | "RATE_LIMITED" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "SERVICE_UNAVAILABLE" | "INTERNAL_ERROR";
        /**
         * @description Specifics of the error: for `VALIDATION_ERROR`, `errors` lists each problem with its `location`
         *     (`body`, `query`, `path`, `header`) and JSON `path`; a `500` carries `request_id`.
         */
        ErrorDetails: {
            errors?: components["schemas"]["FieldError"][];
            request_id?: string;
        } & {
            [key: string]: unknown;
        };
        ErrorResponse: {
            error: components["schemas"]["ErrorBody"];
            /** @constant */
            success: false;
            timestamp: components["schemas"]["Timestamp"];
        };
        FieldError: {
            /** @enum {string} */
            location: "body" | "query" | "path" | "header";
            message: string;
            /** @description JSON pointer to the offending value (`/email`); empty for the whole part. */
            path: string;
        };
        Health: {
            /** @constant */
            status: "ok";
            uptime_seconds: number;
            version: string;
        };
        HealthResponse: {
            data: components["schemas"]["Health"];
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        /** @description A database identifier. */
        Id: number;
        LoginRequest: {
            email: components["schemas"]["Email"];
            password: string;
        };
        /** @description YAML text of the OpenAPI document. */
        OpenApiDocument: string;
        PaginationMeta: {
            page: number;
            per_page: number;
            total: number;
            total_pages: number;
        };
        /** @description 8 to 72 characters. Never returned. */
        Password: string;
        Readiness: {
            checks: {
                /** @constant */
                database: "ok";
            };
            /** @constant */
            status: "ready";
        };
        ReadinessResponse: {
            data: components["schemas"]["Readiness"];
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        RefreshRequest: {
            /** @description Omit to use the `refresh_token` cookie. */
            refresh_token?: string;
        };
        RegisterRequest: {
            email: components["schemas"]["Email"];
            password: components["schemas"]["Password"];
            username: components["schemas"]["Username"];
        };
        /**
         * @description What an account may do; see each operation's security requirement.
         * @enum {string}
         */
        Role: "admin" | "manager" | "user";
        /**
         * Format: date-time
         * @description ISO-8601 UTC instant.
         */
        Timestamp: string;
        UpdateUserRequest: {
            /** @description Admins only; `true` reactivates an account. */
            active?: boolean;
            /** @description Required when changing one's own password. */
            current_password?: string;
            email?: components["schemas"]["Email"];
            password?: components["schemas"]["Password"];
            role?: components["schemas"]["Role"];
            username?: components["schemas"]["Username"];
        };
        User: {
            /** @description False once the account is deactivated. */
            active: boolean;
            created_at: components["schemas"]["Timestamp"];
            email: components["schemas"]["Email"];
            id: components["schemas"]["Id"];
            role: components["schemas"]["Role"];
            updated_at: components["schemas"]["Timestamp"];
            username: components["schemas"]["Username"];
        };
        UserListResponse: {
            data: components["schemas"]["User"][];
            message: string;
            meta: components["schemas"]["PaginationMeta"];
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        /** @description Letters, digits, `_`, `.` and `-`; unique, case-insensitively. */
        Username: string;
        UserResponse: {
            data: components["schemas"]["User"];
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
    };
    responses: {
        /** @description The change conflicts with existing data (`CONFLICT`), such as a duplicate username or email. */
        Conflict: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Authenticated but not allowed (`FORBIDDEN`), or a cookie-authenticated request without a valid CSRF token. */
        Forbidden: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description An unexpected error (`INTERNAL_ERROR`). Nothing internal is revealed; `details.request_id` finds it in the logs. */
        InternalError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description No such resource (`NOT_FOUND`). */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The body is over the size limit (`PAYLOAD_TOO_LARGE`). */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The resource changed since the ETag in `If-Match` was read (`PRECONDITION_FAILED`). */
        PreconditionFailed: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description A dependency (the database) is unreachable (`SERVICE_UNAVAILABLE`); retry later. */
        ServiceUnavailable: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description No valid session (`UNAUTHORIZED`): credentials missing, wrong, expired or revoked. */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The body is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`). */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request is malformed or breaks the schema (`VALIDATION_ERROR`); `details` says where. */
        ValidationError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /**
         * @description Only active (`true`) or deactivated (`false`) records.
         * @example true
         */
        ActiveFilter: boolean;
        /**
         * @description An ETag from an earlier read; the change applies only if the resource still has it (`412` otherwise). `*` matches any version.
         * @example "3"
         */
        IfMatch: string;
        /**
         * @description Page number, from 1.
         * @example 1
         */
        Page: number;
        /**
         * @description Items per page.
         * @example 20
         */
        PerPage: number;
        /**
         * @description Account id.
         * @example 42
         */
        UserId: components["schemas"]["Id"];
        /**
         * @description Only accounts with this role.
         * @example manager
         */
        UserRoleFilter: components["schemas"]["Role"];
        /**
         * @description Case-insensitive substring of the username or email.
         * @example alice
         */
        UserSearch: string;
        /**
         * @description Comma-separated fields to sort by, `-` for descending. `id` is always the final tie-breaker.
         * @example -created_at,username
         */
        UserSort: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description Expires the session cookies.
         * @example access_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict
         */
        ClearSessionCookies: string;
        /**
         * @description Version of the resource, for `If-Match` on a later update.
         * @example "3"
         */
        ETag: string;
        /**
         * @description Identifies the request in the server's logs; echoes a valid incoming `X-Request-Id`.
         * @example 9f1c2a4e-6b1d-4a55-9c43-1e0b8f6d2a10
         */
        RequestId: string;
        /**
         * @description Sets `access_token` (HttpOnly), `refresh_token` (HttpOnly, path `/api/auth`) and `csrf_token` (readable by scripts), all SameSite=Strict and Secure in production.
         * @example access_token=eyJhbGciOi...; Path=/; HttpOnly; SameSite=Strict
         */
        SetSessionCookies: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Logged in. */
            200: {
                headers: {
                    "Set-Cookie": components["headers"]["SetSessionCookies"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthSessionResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Logged out. */
            200: {
                headers: {
                    "Set-Cookie": components["headers"]["ClearSessionCookies"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmptyResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    getCurrentUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The current user. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
        };
    };
    refreshSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description New tokens for the same session. */
            200: {
                headers: {
                    "Set-Cookie": components["headers"]["SetSessionCookies"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthSessionResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            /** @description The account was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadinessResponse"];
                };
            };
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": components["schemas"]["OpenApiDocument"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /**
                 * @description Only active (`true`) or deactivated (`false`) records.
                 * @example true
                 */
                active?: components["parameters"]["ActiveFilter"];
                /**
                 * @description Page number, from 1.
                 * @example 1
                 */
                page?: components["parameters"]["Page"];
                /**
                 * @description Items per page.
                 * @example 20
                 */
                per_page?: components["parameters"]["PerPage"];
                /**
                 * @description Case-insensitive substring of the username or email.
                 * @example alice
                 */
                q?: components["parameters"]["UserSearch"];
                /**
                 * @description Only accounts with this role.
                 * @example manager
                 */
                role?: components["parameters"]["UserRoleFilter"];
                /**
                 * @description Comma-separated fields to sort by, `-` for descending. `id` is always the final tie-breaker.
                 * @example -created_at,username
                 */
                sort?: components["parameters"]["UserSort"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of accounts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserListResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Account id.
                 * @example 42
                 */
                id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description An ETag from an earlier read; the change applies only if the resource still has it (`412` otherwise). `*` matches any version.
                 * @example "3"
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /**
                 * @description Account id.
                 * @example 42
                 */
                id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserRequest"];
            };
        };
        responses: {
            /** @description The updated account. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Account id.
                 * @example 42
                 */
                id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deactivated account. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            500: components["responses"]["InternalError"];
        };
    };
}
