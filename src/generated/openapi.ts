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
    "/api/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List categories
         * @description Pages through categories, optionally only the children of one parent (`parent_id`) or only the top level (`roots_only=true`).
         */
        get: operations["listCategories"];
        put?: never;
        /**
         * Create a category
         * @description Adds a category at the top level or under `parent_id`, which must exist. Names are unique among siblings, case-insensitively.
         */
        post: operations["createCategory"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/categories/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Category id.
                 * @example 3
                 */
                id: components["parameters"]["CategoryId"];
            };
            cookie?: never;
        };
        /**
         * Get one category
         * @description Returns the category with its ETag.
         */
        get: operations["getCategory"];
        /**
         * Update a category
         * @description Renames, re-describes or moves a category. Moving it under itself or one of its descendants
         *     would make a cycle and is refused (`409 CONFLICT`); `parent_id: null` moves it to the top level.
         */
        put: operations["updateCategory"];
        post?: never;
        /**
         * Delete a category
         * @description Admins only. A category that still has child categories or products cannot be deleted (`409 CONFLICT`).
         */
        delete: operations["deleteCategory"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/categories/tree": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The whole category tree
         * @description Every category, nested under its parent, siblings by name.
         */
        get: operations["getCategoryTree"];
        put?: never;
        post?: never;
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
         * @description Checks that the database (and Redis, when configured) answer, and reports each external service's circuit breaker. A load balancer should route traffic only while this is 200.
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
    "/api/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List orders
         * @description Users see only their own orders; managers and admins see all and may filter by `user_id`.
         */
        get: operations["listOrders"];
        put?: never;
        /**
         * Place an order
         * @description Places an order for the caller. All lines are checked, prices are taken from the catalog at this
         *     moment, the total is computed here, and stock is taken for every line in one transaction: the
         *     order is placed whole or not at all. With an `Idempotency-Key`, a retry with the same body
         *     returns the first result (`Idempotent-Replayed: true`) instead of placing a second order.
         */
        post: operations["createOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Order id.
                 * @example 1001
                 */
                id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        /**
         * Get one order
         * @description The owner, managers and admins may read an order.
         */
        get: operations["getOrder"];
        /**
         * Move an order to another status
         * @description Managers and admins move an order along `pending → paid → shipped → delivered`, or cancel it from
         *     `pending` or `paid` (its stock is restored through the ledger). Any other move is
         *     `409 INVALID_STATE_TRANSITION`.
         */
        put: operations["updateOrder"];
        post?: never;
        /**
         * Cancel an order
         * @description Orders are never erased: this cancels. The owner may cancel a `pending` order; managers and admins
         *     a `pending` or `paid` one. Stock returns through the ledger.
         */
        delete: operations["cancelOrder"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/payment": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Order id.
                 * @example 1001
                 */
                id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay for an order
         * @description Charges a `pending` order through the payment service, which receives the order's `event_id` so
         *     that a retried charge is never taken twice; on success the order becomes `paid`. The owner,
         *     managers and admins may pay. When the payment service fails, is slow or its circuit breaker is open,
         *     the answer is a quick `503` and the order stays `pending`: retry later. A charge the provider refuses
         *     is `409 CONFLICT` with `details.reason: payment_declined`.
         */
        post: operations["payOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List products
         * @description Pages through the catalog with filters, an allow-listed `sort` and sparse `fields`. Users see
         *     active products only; staff see deactivated ones with `active=false`.
         */
        get: operations["listProducts"];
        put?: never;
        /**
         * Create a product
         * @description Adds a product. Its initial `stock_quantity` is recorded in the stock ledger as an `initial` movement.
         */
        post: operations["createProduct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Product id.
                 * @example 17
                 */
                id: components["parameters"]["ProductId"];
            };
            cookie?: never;
        };
        /**
         * Get one product
         * @description Returns the product with its ETag. Users get `404` for a deactivated product.
         */
        get: operations["getProduct"];
        /**
         * Update a product
         * @description Changes the given fields. Stock is not set here: it changes only through orders and
         *     `POST /api/products/{id}/stock-adjustments`, so that the ledger stays whole.
         */
        put: operations["updateProduct"];
        post?: never;
        /**
         * Delete or deactivate a product
         * @description Admins only. A product that no order refers to is deleted with its ledger. One that orders
         *     refer to is deactivated instead: it leaves the catalog, and every order keeps its lines whole.
         */
        delete: operations["deleteProduct"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products/{id}/stock-adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Product id.
                 * @example 17
                 */
                id: components["parameters"]["ProductId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Adjust a product's stock
         * @description Adds `delta` (negative to remove) to the stock and records it in the ledger, atomically. A change
         *     that would take stock below zero is refused with `409 INSUFFICIENT_STOCK`.
         */
        post: operations["createStockAdjustment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products/{id}/stock-movements": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Product id.
                 * @example 17
                 */
                id: components["parameters"]["ProductId"];
            };
            cookie?: never;
        };
        /**
         * A product's stock ledger
         * @description Every change to the product's stock, newest first. The stock always equals the sum of the deltas.
         */
        get: operations["listStockMovements"];
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
         * @description `closed`: calls flow; `open`: calls fail at once; `half-open`: a trial call decides.
         * @enum {string}
         */
        BreakerState: "closed" | "half-open" | "open" | "disabled";
        Category: {
            created_at: components["schemas"]["Timestamp"];
            description: string | null;
            id: components["schemas"]["Id"];
            name: string;
            /** @description The parent category; `null` at the top level. */
            parent_id: number | null;
            updated_at: components["schemas"]["Timestamp"];
        };
        CategoryListResponse: {
            data: components["schemas"]["Category"][];
            message: string;
            meta: components["schemas"]["PaginationMeta"];
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        CategoryNode: {
            children: components["schemas"]["CategoryNode"][];
            description: string | null;
            id: components["schemas"]["Id"];
            name: string;
            parent_id: number | null;
        };
        CategoryResponse: {
            data: components["schemas"]["Category"];
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        CategoryTreeResponse: {
            data: components["schemas"]["CategoryNode"][];
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        CreateCategoryRequest: {
            description?: string | null;
            name: string;
            parent_id?: number | null;
        };
        CreateOrderItem: {
            product_id: components["schemas"]["Id"];
            quantity: number;
        };
        CreateOrderRequest: {
            /** @description One line per product; the same product twice is refused. */
            items: components["schemas"]["CreateOrderItem"][];
        };
        CreateProductRequest: {
            /** @default true */
            active?: boolean;
            category_id?: number | null;
            description?: string | null;
            name: string;
            price: components["schemas"]["Money"];
            sku: components["schemas"]["Sku"];
            /**
             * @description Initial stock, recorded as an `initial` ledger movement.
             * @default 0
             */
            stock_quantity?: number;
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
        /** @description An amount as a decimal string, up to 999999.99; responses always carry two decimals (`"19.99"`). */
        Money: string;
        /** @description YAML text of the OpenAPI document. */
        OpenApiDocument: string;
        Order: {
            created_at: components["schemas"]["Timestamp"];
            id: components["schemas"]["Id"];
            items: components["schemas"]["OrderItem"][];
            status: components["schemas"]["OrderStatus"];
            total_amount: components["schemas"]["Total"];
            updated_at: components["schemas"]["Timestamp"];
            user_id: components["schemas"]["Id"];
        };
        OrderItem: {
            line_total: components["schemas"]["Total"];
            product_id: components["schemas"]["Id"];
            quantity: number;
            unit_price: components["schemas"]["Total"];
        };
        OrderListResponse: {
            data: components["schemas"]["Order"][];
            message: string;
            meta: components["schemas"]["PaginationMeta"];
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        OrderResponse: {
            data: components["schemas"]["Order"];
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        /**
         * @description `pending → paid → shipped → delivered`; `cancelled` from `pending` or `paid`.
         * @enum {string}
         */
        OrderStatus: "pending" | "paid" | "shipped" | "delivered" | "cancelled";
        PaginationMeta: {
            page: number;
            per_page: number;
            total: number;
            total_pages: number;
        };
        /** @description 8 to 72 characters. Never returned. */
        Password: string;
        Product: {
            /** @description False once deactivated; deactivated products leave the catalog. */
            active: boolean;
            category_id: number | null;
            created_at: components["schemas"]["Timestamp"];
            description: string | null;
            id: components["schemas"]["Id"];
            name: string;
            price: components["schemas"]["Total"];
            sku: components["schemas"]["Sku"];
            stock_quantity: number;
            updated_at: components["schemas"]["Timestamp"];
        };
        /** @description A product with only the fields asked for in `fields` (all of them by default). */
        ProductFieldset: {
            active?: boolean;
            category_id?: number | null;
            created_at?: components["schemas"]["Timestamp"];
            description?: string | null;
            id: components["schemas"]["Id"];
            name?: string;
            price?: components["schemas"]["Total"];
            sku?: components["schemas"]["Sku"];
            stock_quantity?: number;
            updated_at?: components["schemas"]["Timestamp"];
        };
        ProductListResponse: {
            data: components["schemas"]["ProductFieldset"][];
            message: string;
            meta: components["schemas"]["PaginationMeta"];
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        ProductRemoval: {
            id: components["schemas"]["Id"];
            /**
             * @description `deactivated` when orders refer to the product, `deleted` otherwise.
             * @enum {string}
             */
            outcome: "deleted" | "deactivated";
        };
        ProductRemovalResponse: {
            data: components["schemas"]["ProductRemoval"];
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        ProductResponse: {
            data: components["schemas"]["Product"];
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        Readiness: {
            checks: {
                /** @constant */
                database: "ok";
                /** @enum {string} */
                redis: "ok" | "not_configured";
            };
            /** @description The circuit breaker of each external service (`disabled` when its URL is not set). An open breaker does not make the service unready. */
            services: {
                analytics: components["schemas"]["BreakerState"];
                email: components["schemas"]["BreakerState"];
                payment: components["schemas"]["BreakerState"];
                sms: components["schemas"]["BreakerState"];
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
        /** @description Stock-keeping unit, unique (case-insensitively). */
        Sku: string;
        StockAdjustment: {
            movement: components["schemas"]["StockMovement"];
            /** @description The product's stock after the adjustment. */
            stock_quantity: number;
        };
        StockAdjustmentRequest: {
            /** @description Units to add (negative to remove); never zero. */
            delta: number;
            /** @description Why (a recount, damage, a delivery). */
            note: string;
        };
        StockAdjustmentResponse: {
            data: components["schemas"]["StockAdjustment"];
            message: string;
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        StockMovement: {
            created_at: components["schemas"]["Timestamp"];
            /** @description Units added (positive) or taken (negative). */
            delta: number;
            id: components["schemas"]["Id"];
            note: string | null;
            order_id: number | null;
            product_id: components["schemas"]["Id"];
            reason: components["schemas"]["StockMovementReason"];
            /** @description Who made the change. */
            user_id: number | null;
        };
        StockMovementListResponse: {
            data: components["schemas"]["StockMovement"][];
            message: string;
            meta: components["schemas"]["PaginationMeta"];
            /** @constant */
            success: true;
            timestamp: components["schemas"]["Timestamp"];
        };
        /**
         * @description Why the stock changed.
         * @enum {string}
         */
        StockMovementReason: "initial" | "order" | "cancel" | "adjustment";
        /**
         * Format: date-time
         * @description ISO-8601 UTC instant.
         */
        Timestamp: string;
        /** @description A computed amount as a decimal string with two decimals. */
        Total: string;
        UpdateCategoryRequest: {
            description?: string | null;
            name?: string;
            parent_id?: number | null;
        };
        UpdateOrderRequest: {
            status: components["schemas"]["OrderStatus"];
        };
        UpdateProductRequest: {
            active?: boolean;
            category_id?: number | null;
            description?: string | null;
            name?: string;
            price?: components["schemas"]["Money"];
            sku?: components["schemas"]["Sku"];
        };
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
        /** @description Not enough stock for the change (`INSUFFICIENT_STOCK`); `details` names the product, what was asked and what is available. */
        InsufficientStock: {
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
        /** @description The order cannot move from its current status to the one asked (`INVALID_STATE_TRANSITION`). */
        InvalidStateTransition: {
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
        /**
         * @description Not enough stock for a line (`INSUFFICIENT_STOCK`, nothing was taken), or the `Idempotency-Key` was
         *     already used with a different body (`CONFLICT`).
         */
        OrderConflict: {
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
        /**
         * @description The order is not `pending` (`INVALID_STATE_TRANSITION`), or the payment provider declined the charge
         *     (`CONFLICT`, `details.reason: payment_declined`); the order stays as it was.
         */
        PaymentConflict: {
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
        /** @description Too many requests from this client (`RATE_LIMITED`); retry after `Retry-After` seconds. Login, register and refresh have a stricter limit. */
        RateLimited: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description A dependency (the database, or an external service such as payments) is unreachable (`SERVICE_UNAVAILABLE`); retry after `Retry-After` seconds. */
        ServiceUnavailable: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
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
         * @description Category id.
         * @example 3
         */
        CategoryId: components["schemas"]["Id"];
        /**
         * @description Only products in this category (and, with `include_descendants=true`, in any category below it).
         * @example 3
         */
        CategoryIdFilter: components["schemas"]["Id"];
        /**
         * @description Comma-separated fields to sort by, `-` for descending. `id` is always the final tie-breaker, in the direction of the first field.
         * @example name
         */
        CategorySort: string;
        /**
         * @description Only orders placed at or after this instant.
         * @example 2026-11-01T00:00:00Z
         */
        CreatedFrom: components["schemas"]["Timestamp"];
        /**
         * @description Only orders placed before this instant.
         * @example 2026-12-01T00:00:00Z
         */
        CreatedTo: components["schemas"]["Timestamp"];
        /**
         * @description A unique key per intended order (a UUID is a good choice). Kept per user for 24 hours.
         * @example 6f1c3c9e-8d9b-4d6e-9a59-1c1f5e0b8a21
         */
        IdempotencyKey: string;
        /**
         * @description An ETag from an earlier read; the change applies only if the resource still has it (`412` otherwise). `*` matches any version.
         * @example "3"
         */
        IfMatch: string;
        /**
         * @description With `category_id`, also match products in all its descendant categories.
         * @example true
         */
        IncludeDescendants: boolean;
        /**
         * @description Only products with stock (`true`) or without (`false`).
         * @example true
         */
        InStock: boolean;
        /**
         * @description Only products priced at most this much.
         * @example 49.99
         */
        MaxPrice: components["schemas"]["Money"];
        /**
         * @description Only products priced at least this much.
         * @example 10.00
         */
        MinPrice: components["schemas"]["Money"];
        /**
         * @description Order id.
         * @example 1001
         */
        OrderId: components["schemas"]["Id"];
        /**
         * @description Comma-separated fields to sort by, `-` for descending. `id` is always the final tie-breaker, in the direction of the first field.
         * @example -created_at
         */
        OrderSort: string;
        /**
         * @description Only orders in this status.
         * @example pending
         */
        OrderStatusFilter: components["schemas"]["OrderStatus"];
        /**
         * @description Page number, from 1.
         * @example 1
         */
        Page: number;
        /**
         * @description Only the direct children of this category.
         * @example 3
         */
        ParentIdFilter: components["schemas"]["Id"];
        /**
         * @description Items per page.
         * @example 20
         */
        PerPage: number;
        /**
         * @description Comma-separated fields to return (sparse fieldset); `id` is always included.
         * @example id,name,price
         */
        ProductFields: string;
        /**
         * @description Product id.
         * @example 17
         */
        ProductId: components["schemas"]["Id"];
        /**
         * @description Case-insensitive substring of the name, SKU or description.
         * @example mug
         */
        ProductSearch: string;
        /**
         * @description Comma-separated fields to sort by, `-` for descending. `id` is always the final tie-breaker, in the direction of the first field.
         * @example -price,name
         */
        ProductSort: string;
        /**
         * @description Only top-level categories.
         * @example true
         */
        RootsOnly: boolean;
        /**
         * @description Account id.
         * @example 42
         */
        UserId: components["schemas"]["Id"];
        /**
         * @description Staff only; only this customer's orders.
         * @example 42
         */
        UserIdFilter: components["schemas"]["Id"];
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
         * @description Comma-separated fields to sort by, `-` for descending. `id` is always the final tie-breaker, in the direction of the first field.
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
         * @description `true` when this is the stored result of an earlier request with the same `Idempotency-Key`.
         * @example true
         */
        IdempotentReplayed: "true";
        /**
         * @description Identifies the request in the server's logs; echoes a valid incoming `X-Request-Id`.
         * @example 9f1c2a4e-6b1d-4a55-9c43-1e0b8f6d2a10
         */
        RequestId: string;
        /**
         * @description Seconds to wait before trying again.
         * @example 30
         */
        RetryAfter: number;
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
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
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
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
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
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
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
                    ETag: components["headers"]["ETag"];
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
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listCategories: {
        parameters: {
            query?: {
                /**
                 * @description Page number, from 1.
                 * @example 1
                 */
                page?: components["parameters"]["Page"];
                /**
                 * @description Only the direct children of this category.
                 * @example 3
                 */
                parent_id?: components["parameters"]["ParentIdFilter"];
                /**
                 * @description Items per page.
                 * @example 20
                 */
                per_page?: components["parameters"]["PerPage"];
                /**
                 * @description Only top-level categories.
                 * @example true
                 */
                roots_only?: components["parameters"]["RootsOnly"];
                /**
                 * @description Comma-separated fields to sort by, `-` for descending. `id` is always the final tie-breaker, in the direction of the first field.
                 * @example name
                 */
                sort?: components["parameters"]["CategorySort"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of categories. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryListResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createCategory: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCategoryRequest"];
            };
        };
        responses: {
            /** @description The new category. */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getCategory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Category id.
                 * @example 3
                 */
                id: components["parameters"]["CategoryId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The category. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateCategory: {
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
                 * @description Category id.
                 * @example 3
                 */
                id: components["parameters"]["CategoryId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCategoryRequest"];
            };
        };
        responses: {
            /** @description The updated category. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryResponse"];
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
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteCategory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Category id.
                 * @example 3
                 */
                id: components["parameters"]["CategoryId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The category is gone. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmptyResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getCategoryTree: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tree, as a list of top-level nodes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryTreeResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
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
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listOrders: {
        parameters: {
            query?: {
                /**
                 * @description Only orders placed at or after this instant.
                 * @example 2026-11-01T00:00:00Z
                 */
                created_from?: components["parameters"]["CreatedFrom"];
                /**
                 * @description Only orders placed before this instant.
                 * @example 2026-12-01T00:00:00Z
                 */
                created_to?: components["parameters"]["CreatedTo"];
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
                 * @description Comma-separated fields to sort by, `-` for descending. `id` is always the final tie-breaker, in the direction of the first field.
                 * @example -created_at
                 */
                sort?: components["parameters"]["OrderSort"];
                /**
                 * @description Only orders in this status.
                 * @example pending
                 */
                status?: components["parameters"]["OrderStatusFilter"];
                /**
                 * @description Staff only; only this customer's orders.
                 * @example 42
                 */
                user_id?: components["parameters"]["UserIdFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of orders, with their lines. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderListResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createOrder: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per intended order (a UUID is a good choice). Kept per user for 24 hours.
                 * @example 6f1c3c9e-8d9b-4d6e-9a59-1c1f5e0b8a21
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateOrderRequest"];
            };
        };
        responses: {
            /** @description The order, `pending`. */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["OrderConflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Order id.
                 * @example 1001
                 */
                id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order with its lines. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateOrder: {
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
                 * @description Order id.
                 * @example 1001
                 */
                id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateOrderRequest"];
            };
        };
        responses: {
            /** @description The order in its new status. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["InvalidStateTransition"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Order id.
                 * @example 1001
                 */
                id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled order. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["InvalidStateTransition"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    payOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Order id.
                 * @example 1001
                 */
                id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order, now paid. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["PaymentConflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listProducts: {
        parameters: {
            query?: {
                /**
                 * @description Only active (`true`) or deactivated (`false`) records.
                 * @example true
                 */
                active?: components["parameters"]["ActiveFilter"];
                /**
                 * @description Only products in this category (and, with `include_descendants=true`, in any category below it).
                 * @example 3
                 */
                category_id?: components["parameters"]["CategoryIdFilter"];
                /**
                 * @description Comma-separated fields to return (sparse fieldset); `id` is always included.
                 * @example id,name,price
                 */
                fields?: components["parameters"]["ProductFields"];
                /**
                 * @description Only products with stock (`true`) or without (`false`).
                 * @example true
                 */
                in_stock?: components["parameters"]["InStock"];
                /**
                 * @description With `category_id`, also match products in all its descendant categories.
                 * @example true
                 */
                include_descendants?: components["parameters"]["IncludeDescendants"];
                /**
                 * @description Only products priced at most this much.
                 * @example 49.99
                 */
                max_price?: components["parameters"]["MaxPrice"];
                /**
                 * @description Only products priced at least this much.
                 * @example 10.00
                 */
                min_price?: components["parameters"]["MinPrice"];
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
                 * @description Case-insensitive substring of the name, SKU or description.
                 * @example mug
                 */
                q?: components["parameters"]["ProductSearch"];
                /**
                 * @description Comma-separated fields to sort by, `-` for descending. `id` is always the final tie-breaker, in the direction of the first field.
                 * @example -price,name
                 */
                sort?: components["parameters"]["ProductSort"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of products (only the requested `fields`, plus `id`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductListResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createProduct: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProductRequest"];
            };
        };
        responses: {
            /** @description The new product. */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Product id.
                 * @example 17
                 */
                id: components["parameters"]["ProductId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The product. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateProduct: {
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
                 * @description Product id.
                 * @example 17
                 */
                id: components["parameters"]["ProductId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProductRequest"];
            };
        };
        responses: {
            /** @description The updated product. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductResponse"];
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
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Product id.
                 * @example 17
                 */
                id: components["parameters"]["ProductId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What happened to the product. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductRemovalResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createStockAdjustment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Product id.
                 * @example 17
                 */
                id: components["parameters"]["ProductId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StockAdjustmentRequest"];
            };
        };
        responses: {
            /** @description The movement recorded and the stock after it. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StockAdjustmentResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["InsufficientStock"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listStockMovements: {
        parameters: {
            query?: {
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
            };
            header?: never;
            path: {
                /**
                 * @description Product id.
                 * @example 17
                 */
                id: components["parameters"]["ProductId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of movements. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StockMovementListResponse"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
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
                 * @description Comma-separated fields to sort by, `-` for descending. `id` is always the final tie-breaker, in the direction of the first field.
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
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
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
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
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
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
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
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
